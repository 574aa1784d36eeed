// Queued faults shared by both fakes: each answers the next matching request(s), `times` over (default 1,
// Infinity allowed), in the order they were queued.
export class FaultQueue<Key, Fault extends { times?: number }> {
  private entries: { key: Key; fault: Fault; left: number }[] = [];

  add(key: Key, fault: Fault): void {
    this.entries.push({ key, fault, left: fault.times ?? 1 });
  }

  /** The first queued fault whose key matches, used up by one. */
  take(matches: (key: Key) => boolean): Fault | undefined {
    const entry = this.entries.find((e) => matches(e.key));
    if (!entry) return undefined;
    entry.left -= 1;
    if (entry.left <= 0) this.entries.splice(this.entries.indexOf(entry), 1);
    return entry.fault;
  }

  clear(): void {
    this.entries = [];
  }
}
