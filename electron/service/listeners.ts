// The listeners of one kind of event: each is told in turn, and one that throws stops neither the
// others nor the code that emitted. The service, the engine host and the in-process engine all
// hand their events out through one of these.

export class Listeners<T> {
  private readonly set = new Set<(value: T) => void>();

  /** Adds a listener; the function returned removes it again. */
  add(listener: (value: T) => void): () => void {
    this.set.add(listener);
    return () => {
      this.set.delete(listener);
    };
  }

  emit(value: T): void {
    for (const listener of this.set) {
      try {
        listener(value);
      } catch {
        // one broken listener must not stop the others or the call that emitted
      }
    }
  }

  clear(): void {
    this.set.clear();
  }
}
