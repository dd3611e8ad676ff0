/** Types for cases.mjs (plain JS so that record.mjs runs under Node without a build). */
export interface CaseFile {
  /** Relative to the case's working directory. */
  path: string;
  content: string;
}

/** Where QuickJS must legitimately print something else than V8; rare, and always explained. */
export interface QuickJsOverride {
  stdout: string | null;
  why: string;
}

export interface JsCase {
  /** "classes/private-fields": the case file (theme), then the case name. */
  id: string;
  /** "classes": the case file, without .txt. */
  theme: string;
  /** The program's file name: main.js (default), main.mjs or main.cjs. */
  main: string;
  /** Other files of the program, created beside it. */
  files: CaseFile[];
  args: string[];
  stdin: string | null;
  /** Texts stderr must contain (in Node and in the sandbox), e.g. an uncaught error's message. */
  stderrHas: string[];
  timeoutMs: number;
  quickjs: QuickJsOverride | null;
  /** Why the case must not also run as `node -e` / runCode (null: it runs, if runsAsCode allows). */
  noRunCode: string | null;
  /** The main file's contents. */
  source: string;
}

export interface Outcome {
  stdout: string;
  exitCode: number;
  /** Whether anything was written; what must be in it is `stderrHas`. */
  stderr: boolean;
}

export interface RecordedCase extends JsCase {
  expected: Outcome;
}

export declare function parseCaseFile(text: string, theme: string): JsCase[];
export declare function caseEnv(root: string): Record<string, string>;
export declare const ROOT_PLACEHOLDER: string;
export declare function normalise(output: string, root: string): string;
export declare function commandLine(c: JsCase): string;
export declare function runsAsCode(c: JsCase): boolean;
export declare function expectedFailures(markdown: string): Map<string, string>;
