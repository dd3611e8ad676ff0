/**
 * The network allow-list (engine/network.ts): option checking, and URL
 * matching after WHATWG URL parsing, with the tricks a guest may try to
 * reach past a prefix.
 */
import { describe, expect, it } from 'vitest';
import { NETWORK_DISABLED_MESSAGE, NetworkPolicy } from '../../engine/network.js';

const policy = NetworkPolicy.from({ allow: ['http://127.0.0.1:1234/api/', 'https://example.com/v1', 'https://whole.example.org'] });

describe('NetworkPolicy.from', () => {
  it('is disabled without an allow-list, and says how to enable it', () => {
    for (const option of [undefined, {}, { allow: [] }]) {
      const p = NetworkPolicy.from(option);
      expect(p.enabled).toBe(false);
      expect(p.refusal('http://127.0.0.1:1234/api/x')).toBe(NETWORK_DISABLED_MESSAGE);
    }
    expect(NETWORK_DISABLED_MESSAGE).toContain('Sandbox.create({ network: { allow: [...] } })');
  });

  it('refuses garbage with a TypeError naming the problem', () => {
    const bad: [unknown, RegExp][] = [
      ['yes', /network must be an object/],
      [[], /network must be an object/],
      [null, /network must be an object/],
      [{ allow: 'http://x/' }, /must be an array/],
      [{ allow: [42] }, /network\.allow\[0\] must be a string/],
      [{ allow: ['not a url'] }, /not an absolute URL/],
      [{ allow: ['/relative/'] }, /not an absolute URL/],
      [{ allow: ['ftp://x/'] }, /http or https/],
      [{ allow: ['file:///etc/'] }, /http or https/],
      [{ allow: ['http://u:p@x/'] }, /credentials/],
      [{ allow: ['http://x/?q=1'] }, /query or fragment/],
      [{ allow: ['http://x/#f'] }, /query or fragment/],
      [{ allow: ['http://x/a%2fb/'] }, /encoded/],
      [{ allow: ['http://x/'], deny: [] }, /unknown network option 'deny'/],
    ];
    for (const [option, message] of bad) expect(() => NetworkPolicy.from(option), JSON.stringify(option)).toThrow(message);
    expect(() => NetworkPolicy.from({ allow: Array(1001).fill('http://x/') })).toThrow(RangeError);
  });
});

describe('NetworkPolicy.refusal', () => {
  it('allows URLs under a prefix, compared after URL parsing', () => {
    for (const url of [
      'http://127.0.0.1:1234/api/',
      'http://127.0.0.1:1234/api/users?id=1#x',
      'HTTP://127.0.0.1:1234/api/a/b',
      'http://127.0.0.1:1234/api/./x',
      'http://127.0.0.1:1234/api/x/../y',
      'https://example.com/v1',
      'https://example.com/v1/',
      'https://example.com/v1?q',
      'https://EXAMPLE.com:443/v1/x',
      'https://whole.example.org/',
      'https://whole.example.org/anything/at/all',
    ]) {
      expect(policy.refusal(url), url).toBeUndefined();
    }
  });

  it('refuses look-alike hosts, other ports, schemes and paths', () => {
    for (const url of [
      'http://127.0.0.1:1234/apix',
      'http://127.0.0.1:1234/',
      'http://127.0.0.1:1234/ap',
      'http://127.0.0.1:12345/api/',
      'http://127.0.0.1/api/',
      'https://127.0.0.1:1234/api/',
      'http://127.0.0.1:1234.evil.com/api/',
      'http://127.0.0.1:1234@evil.com/api/',
      'https://example.com.evil.com/v1',
      'https://example.com/v1x',
      'https://example.com/v2',
      'https://evil.com/https://example.com/v1',
      'https://whole.example.org.evil.com/',
    ]) {
      expect(policy.refusal(url), url).toMatch(/not in the sandbox's network allow-list|credentials|invalid URL/);
    }
  });

  it('folds dot segments, plain and percent-encoded, before comparing', () => {
    for (const url of [
      'http://127.0.0.1:1234/api/../admin',
      'http://127.0.0.1:1234/api/%2e%2e/admin',
      'http://127.0.0.1:1234/api/%2E%2E/admin',
      'http://127.0.0.1:1234/api/.%2e/admin',
      'http://127.0.0.1:1234/api/..\\admin',
      'https://example.com/v1/../../v2',
    ]) {
      expect(policy.refusal(url), url).toMatch(/not in the sandbox's network allow-list/);
    }
  });

  it('refuses encoded separators that a server might decode into a different path', () => {
    for (const url of ['http://127.0.0.1:1234/api/%2e%2e%2fadmin', 'http://127.0.0.1:1234/api/..%2Fadmin', 'http://127.0.0.1:1234/api/..%5cadmin', 'http://127.0.0.1:1234/api/a%2eb']) {
      expect(policy.refusal(url), url).toMatch(/encoded/);
    }
  });

  it('refuses credentials, other schemes and garbage', () => {
    expect(policy.refusal('http://user:pw@127.0.0.1:1234/api/')).toMatch(/credentials/);
    expect(policy.refusal('http://user:pw@127.0.0.1:1234/api/')).not.toContain('pw');
    expect(policy.refusal('file:///etc/passwd')).toMatch(/file: URLs are not allowed/);
    expect(policy.refusal('data:text/plain,hi')).toMatch(/data: URLs are not allowed/);
    expect(policy.refusal('not a url')).toMatch(/invalid URL/);
    expect(policy.refusal('')).toMatch(/invalid URL/);
  });

  it('keeps the prefixes as given, for a fork', () => {
    expect(policy.allowed).toEqual(['http://127.0.0.1:1234/api/', 'https://example.com/v1', 'https://whole.example.org']);
    expect(NetworkPolicy.from({ allow: policy.allowed }).refusal('https://example.com/v1/x')).toBeUndefined();
  });
});
