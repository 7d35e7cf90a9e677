import cliProgress from "cli-progress";

/** A progress bar on a terminal; silent when output goes to a file or a pipe. */
export function progressBar(label: string, total: number, unit = "MB") {
  if (!process.stderr.isTTY) return { update: (_v: number, _extra?: string) => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {extra}`,
      stream: process.stderr,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { extra: "" });
  return {
    update: (v: number, extra = "") => bar.update(v, { extra }),
    stop: () => bar.stop(),
  };
}
