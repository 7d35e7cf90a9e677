import { useEffect, useState } from "react";

// Keys typed into a field or pressed on a button belong to it.
const isInteractive = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || target.closest("input, textarea, select, button, a, [role=button], [role=combobox]"));

/** j / k (or the arrows) move the selected row, Enter opens it. */
export function useRowKeys(count: number, onOpen: (index: number) => void): [number, (index: number) => void] {
  const [selected, setSelected] = useState(0);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || isInteractive(e.target) || count === 0) return;
      if (e.key === "j" || e.key === "ArrowDown") setSelected((i) => Math.min(i + 1, count - 1));
      else if (e.key === "k" || e.key === "ArrowUp") setSelected((i) => Math.max(i - 1, 0));
      else if (e.key === "Enter") onOpen(Math.min(selected, count - 1));
      else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [count, onOpen, selected]);
  return [selected, setSelected];
}
