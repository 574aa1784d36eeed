import { describe, expect, it } from 'vitest';
import { ChangeFeed, type ChangeTopic } from '../src/changes.js';

describe('ChangeFeed', () => {
  it('tells every subscriber until it unsubscribes, and a throwing subscriber spoils nothing', () => {
    const feed = new ChangeFeed();
    const heard: ChangeTopic[] = [];
    feed.subscribe(() => {
      throw new Error('a broken subscriber');
    });
    const stop = feed.subscribe((topic) => heard.push(topic));
    expect(() => feed.emit('leads')).not.toThrow();
    feed.emit('poll');
    stop();
    feed.emit('broadcasts');
    expect(heard).toEqual(['leads', 'poll']);
  });
});
