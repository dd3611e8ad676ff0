/** zcat(1): gzip -dc (gzip.ts). */
import type { Program } from '../program.js';
import { gzipCommand } from './gzip.js';

export const zcat: Program = gzipCommand('zcat');
