// What changed, for whoever draws a summary of it (the App Home). The lead feed, the lead moves and the
// broadcast followers say what they changed; a subscriber decides whether and when to redraw. Shared code,
// so features that change things and the feature that shows them never import each other.

/**
 * `leads`: a card posted or a lead moved; `poll`: a poll pass ended; `broadcasts`: progress or a finish;
 * `settings`: an admin saved the workspace settings or connected a MoltFlow key.
 */
export type ChangeTopic = 'leads' | 'poll' | 'broadcasts' | 'settings';
export type ChangeListener = (topic: ChangeTopic) => void;

export class ChangeFeed {
  private readonly listeners = new Set<ChangeListener>();

  /** Tells every subscriber, synchronously; a subscriber that throws never fails the change itself. */
  emit(topic: ChangeTopic): void {
    for (const listener of this.listeners) {
      try {
        listener(topic);
      } catch {
        // The emitter's work (a post, a move) has happened; a subscriber's failure is its own to report.
      }
    }
  }

  /** Returns the unsubscribe function. */
  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
