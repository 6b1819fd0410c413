/**
 * A broadcast channel between the instances of a scale-out deployment: every subscriber of every instance gets
 * each message, the publisher's own included (filter by an instance id in the message when that matters).
 * Delivery is at most once: a message sent while an instance is disconnected is lost to it, so messages should
 * say "something changed, re-read it" rather than carry the only copy of a state.
 */
export interface MessageChannel<T> {
  publish(message: T): Promise<void>;
  /** Starts delivering messages to `handler` (a message that is not JSON is dropped). */
  subscribe(handler: (message: T) => void): Promise<void>;
  close(): Promise<void>;
}
