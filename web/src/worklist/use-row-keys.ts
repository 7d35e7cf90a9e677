import { useEffect, useState } from "react";

// Keys typed into a field or pressed on a button belong to it.
const isInteractive = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || target.closest("input, textarea, select, button, a, [role=button], [role=combobox]"));

/** More single keys that act on the selected row (My day: d done, s snooze; c stays free for "log a call"). */
export type RowKeyActions = Partial<Record<string, (index: number) => void>>;

/** j / k (or the arrows) move the selected row, Enter opens it, and each key of `actions` runs its action on it. */
export function useRowKeys(
  count: number,
  onOpen: (index: number) => void,
  actions: RowKeyActions = {},
): [number, (index: number) => void] {
  const [selected, setSelected] = useState(0);
  // A row that was worked leaves the list: keep the selection on a row that is still there.
  useEffect(() => {
    if (count > 0 && selected > count - 1) setSelected(count - 1);
  }, [count, selected]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || isInteractive(e.target) || count === 0) return;
      const action = actions[e.key];
      if (e.key === "j" || e.key === "ArrowDown") setSelected((i) => Math.min(i + 1, count - 1));
      else if (e.key === "k" || e.key === "ArrowUp") setSelected((i) => Math.max(i - 1, 0));
      else if (e.key === "Enter") onOpen(Math.min(selected, count - 1));
      else if (action && !e.shiftKey && !e.repeat) action(Math.min(selected, count - 1));
      else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [count, onOpen, selected, actions]);
  return [selected, setSelected];
}
