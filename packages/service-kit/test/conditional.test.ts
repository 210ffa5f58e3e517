import { etagOf, matchesIfNoneMatch, preferredWait } from '../src/conditional';

describe('conditional requests', () => {
  it('gives equal bodies equal ETags and different bodies different ones', () => {
    expect(etagOf('{"a":1}')).toBe(etagOf('{"a":1}'));
    expect(etagOf('{"a":1}')).not.toBe(etagOf('{"a":2}'));
    expect(etagOf('x')).toMatch(/^"[\w-]+"$/);
  });

  it('matches If-None-Match by weak comparison, in a list, or *', () => {
    expect(matchesIfNoneMatch('"a"', '"a"')).toBe(true);
    expect(matchesIfNoneMatch('W/"a"', '"a"')).toBe(true);
    expect(matchesIfNoneMatch('"b", "a"', '"a"')).toBe(true);
    expect(matchesIfNoneMatch('*', '"a"')).toBe(true);
    expect(matchesIfNoneMatch('"b"', '"a"')).toBe(false);
    expect(matchesIfNoneMatch(undefined, '"a"')).toBe(false);
  });

  it('reads Prefer: wait=<seconds> (RFC 7240), capped, ignoring other preferences', () => {
    expect(preferredWait('wait=2', 3)).toBe(2);
    expect(preferredWait('respond-async, wait=10', 3)).toBe(3);
    expect(preferredWait('return=minimal; foo="bar", WAIT = "1"', 3)).toBe(1);
    expect(preferredWait('wait=0', 3)).toBe(0);
    expect(preferredWait('wait=-1', 3)).toBe(0);
    expect(preferredWait('wait=soon', 3)).toBe(0);
    expect(preferredWait('handling=lenient', 3)).toBe(0);
    expect(preferredWait(undefined, 3)).toBe(0);
  });
});
