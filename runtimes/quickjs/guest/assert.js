// Node's assert (https://nodejs.org/api/assert.html), the common asserts.
const { inspect } = internal('inspect');
const deepEqual = internal('util').isDeepStrictEqual;

class AssertionError extends Error {
  constructor(message, props) {
    super(message);
    this.name = 'AssertionError';
    this.code = 'ERR_ASSERTION';
    Object.assign(this, props);
  }
}
const fail = (message, fallback, props) => {
  if (message instanceof Error) throw message;
  throw new AssertionError(message === undefined ? fallback : message, props);
};
const ok = (value, message) => value || fail(message, 'The expression evaluated to a falsy value', { actual: value, expected: true, operator: '==' });
const a = ok;
Object.assign(a, {
  ok,
  AssertionError,
  equal: (x, y, m) => x == y || fail(m, `${inspect(x)} == ${inspect(y)}`, { actual: x, expected: y, operator: '==' }),
  notEqual: (x, y, m) => x != y || fail(m, `${inspect(x)} != ${inspect(y)}`, { actual: x, expected: y, operator: '!=' }),
  strictEqual: (x, y, m) => Object.is(x, y) || fail(m, `Expected values to be strictly equal:\n\n${inspect(x)} !== ${inspect(y)}\n`, { actual: x, expected: y, operator: 'strictEqual' }),
  notStrictEqual: (x, y, m) => !Object.is(x, y) || fail(m, `Expected "actual" to be strictly unequal to: ${inspect(y)}`, { actual: x, expected: y, operator: 'notStrictEqual' }),
  deepStrictEqual: (x, y, m) => deepEqual(x, y) || fail(m, `Expected values to be strictly deep-equal:\n${inspect(x)}\n\nshould equal\n\n${inspect(y)}`, { actual: x, expected: y, operator: 'deepStrictEqual' }),
  deepEqual: (x, y, m) => deepEqual(x, y) || fail(m, `Expected values to be loosely deep-equal:\n\n${inspect(x)}\n\nshould loosely deep-equal\n\n${inspect(y)}`, { actual: x, expected: y, operator: 'deepEqual' }),
  fail: (m) => fail(m, 'Failed'),
  throws: (fn, expected, m) => {
    try {
      fn();
    } catch (e) {
      if (typeof expected === 'function' && expected.prototype !== undefined && !(e instanceof expected)) throw e;
      if (expected instanceof RegExp && !expected.test(String(e && e.message))) fail(m, `The error message does not match ${expected}`);
      return;
    }
    fail(typeof expected === 'string' ? expected : m, 'Missing expected exception.');
  },
  rejects: async (p, expected, m) => {
    try {
      await (typeof p === 'function' ? p() : p);
    } catch {
      return;
    }
    fail(m, 'Missing expected rejection.');
  },
  match: (s, re, m) => re.test(s) || fail(m, `The input did not match the regular expression ${re}. Input:\n\n${inspect(s)}\n`),
});
a.strict = a;
module.exports = a;
