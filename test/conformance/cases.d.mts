/** Types for cases.mjs (plain JS so that record.mjs runs under Node without a build). */
export interface CaseFile {
  path: string;
  content: string;
  mode: number;
}

export interface Case {
  /** "shell/param-default-colon": folder of the case file, then the case name. */
  id: string;
  /** "shell/parameter-expansion": the case file, without .txt. */
  theme: string;
  /** Whose output is expected: bash, or both (dash must agree; checked by record.mjs). */
  ref: 'bash' | 'both';
  files: CaseFile[];
  dirs: string[];
  stdin: string | null;
  timeoutMs: number;
  script: string;
}

export interface Outcome {
  stdout: string;
  exitCode: number;
  /** Only whether anything was written: messages differ between implementations. */
  stderr: boolean;
}

export interface RecordedCase extends Case {
  expected: Outcome;
  /** dash's result, for information (and to check `ref: both`). */
  dash: Outcome;
}

export declare function parseCaseFile(text: string, theme: string): Case[];
export declare function caseEnv(root: string): Record<string, string>;
export declare const ROOT_PLACEHOLDER: string;
export declare function normalise(output: string, root: string): string;
export declare function knownDifferences(markdown: string): Map<string, string>;
