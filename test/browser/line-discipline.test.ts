// The cases recorded from a Linux pty, replayed in Chromium: the line
// discipline is platform-free code and must give the same bytes here as in
// Node (test/node/line-discipline.test.ts has the hand-written tests).
import { describe } from 'vitest';
import { recorded, replayRecordedCases } from '../helpers/line-discipline-replay.js';

describe(`line discipline in the browser: ${recorded.cases.length} recorded cases`, () => {
  replayRecordedCases();
});
