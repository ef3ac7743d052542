/**
 * What must be undone if the bench is interrupted (Ctrl-C): a running host and its Java child,
 * temp directories. Each section registers its own while it holds it.
 */
const pending = new Set<() => unknown>();

/** Registers `undo` until the returned function is called (the section's own finally). */
export const onInterrupt = (undo: () => unknown): (() => void) => {
  pending.add(undo);
  return () => pending.delete(undo);
};

export const undoAll = async (): Promise<void> => {
  for (const undo of [...pending].reverse()) {
    try {
      await undo();
    } catch {
      // Best effort: the process is leaving.
    }
  }
  pending.clear();
};
