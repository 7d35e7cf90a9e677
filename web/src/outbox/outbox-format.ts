// How the outbox writes instants and file sizes: local time to the minute, sizes in KB or MB.
import dayjs from "dayjs";

/** "2025-03-12T02:00:00.000Z" -> "2025-03-12 10:00" in the browser's zone. */
export const instantText = (iso: string) => dayjs(iso).format("YYYY-MM-DD HH:mm");

export const sizeText = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.ceil(bytes / 1024))} KB`;
