import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { inShard, isSince, parseShard, parseSince } from "../../src/sweep/select.js";

describe("shards", () => {
  it("put every run in exactly one shard of n", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.integer({ min: 1, max: 12 }), (key, count) => {
        const owners = Array.from({ length: count }, (_, i) => inShard(key, { index: i + 1, count })).filter(Boolean);
        expect(owners).toHaveLength(1);
      }),
    );
  });

  it("are stable across machines and releases: a fixed vector (sha-256 of the run key, mod n)", () => {
    const picks = ["a", "20260601T013918Z-r1-string-slugify-2381028", "profile/x"].map(
      (key) => [1, 2, 3].find((i) => inShard(key, { index: i, count: 3 })),
    );
    expect(picks).toEqual([3, 2, 3]);
  });

  it("parse i/n strictly", () => {
    expect(parseShard("2/3")).toEqual({ index: 2, count: 3 });
    for (const bad of ["0/3", "4/3", "1/0", "a/b", "1-3", "1/3/4"]) expect(parseShard(bad)).toBeNull();
  });
});

describe("--since", () => {
  const now = new Date("2026-11-21T12:00:00Z");
  it("parses durations and ISO dates", () => {
    expect(parseSince("36h", now)?.toISOString()).toBe("2026-11-20T00:00:00.000Z");
    expect(parseSince("7d", now)?.toISOString()).toBe("2026-11-14T12:00:00.000Z");
    expect(parseSince("2026-11-01", now)?.toISOString()).toBe("2026-11-01T00:00:00.000Z");
    expect(parseSince("yesterday", now)).toBeNull();
  });
  it("keeps runs that cannot be dated", () => {
    const since = new Date("2026-06-01T00:00:00Z");
    expect(isSince("20260531T235959Z-t-1", since)).toBe(false);
    expect(isSince("20260601T000000Z-t-1", since)).toBe(true);
    expect(isSince("custom-run", since)).toBe(true);
  });
});
