/** gunzip(1): gzip -d (gzip.ts). */
import type { Program } from '../program.js';
import { gzipCommand } from './gzip.js';

export const gunzip: Program = gzipCommand('gunzip');
