import type { Page } from 'playwright-core';

export const configFile: string;
export const chromiumPath: string;
export const chromiumArgs: string[];
export function buildPlayground(outDir: string): Promise<void>;
export function servePlayground(outDir: string, options?: { isolated?: boolean }): Promise<{ url: string; close(): Promise<void> }>;
export function terminalRows(page: Page): Promise<string[]>;
export function runCommand(page: Page, line: string, timeout?: number): Promise<string[]>;
export function waitForRow(page: Page, pattern: RegExp, timeout?: number): Promise<void>;
export const PROMPT: RegExp;
