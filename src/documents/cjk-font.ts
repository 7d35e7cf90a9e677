// The CJK font every document is set in. No npm package ships a whole CJK font as one TTF/OTF (they ship web-font
// slices), so the font comes from a Debian package: fonts-wqy-microhei (Apache-2.0, 5 MB, TrueType outlines that
// pdfkit embeds as a subset with a ToUnicode map, so Chinese text in the PDF stays searchable and copyable). It has
// Latin glyphs too, so one font serves both languages. Other common CJK fonts are taken when that one is missing.
import fs from "node:fs";
import * as fontkit from "fontkit";
import { AppError, msg } from "../errors/app-error.ts";

export type CjkFont = {
  path: string /** PostScript name inside a collection (.ttc), else null. */;
  family: string | null;
};

/** Known places, in order of preference; HUIKUAN_CJK_FONT (a .ttf/.otf, or "file.ttc#PostScriptName") goes first. */
export const CJK_FONT_CANDIDATES: readonly (CjkFont & { package: string })[] = [
  {
    path: "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    family: "WenQuanYiMicroHei",
    package: "fonts-wqy-microhei",
  },
  { path: "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", family: "WenQuanYiZenHei", package: "fonts-wqy-zenhei" },
  {
    path: "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    family: "NotoSansCJKsc-Regular",
    package: "fonts-noto-cjk",
  },
  {
    path: "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    family: null,
    package: "fonts-droid-fallback",
  },
];

export const CJK_FONT_PACKAGE = "fonts-wqy-microhei";

/** The first font found, or null. */
export function findCjkFont(env: NodeJS.ProcessEnv = process.env, exists = fs.existsSync): CjkFont | null {
  const override = env.HUIKUAN_CJK_FONT;
  if (override) {
    const [path = "", family] = override.split("#");
    return exists(path) ? { path, family: family || null } : null;
  }
  const found = CJK_FONT_CANDIDATES.find((c) => exists(c.path));
  return found ? { path: found.path, family: found.family } : null;
}

let cached: { font: CjkFont; parsed: fontkit.Font } | null = null;

/**
 * The font, parsed once per process: fontkit decodes a CJK font's tables (30,000 glyphs) lazily but per font
 * object, so one object shared by every document saves most of a document's time. pdfkit takes it as is; each
 * document still embeds its own subset of the glyphs it uses.
 */
export function cjkFontOrThrow(env: NodeJS.ProcessEnv = process.env): { font: CjkFont; parsed: fontkit.Font } {
  const usual = env === process.env;
  if (usual && cached) return cached;
  const font = findCjkFont(env);
  if (!font) {
    const where = env.HUIKUAN_CJK_FONT
      ? `HUIKUAN_CJK_FONT points to ${env.HUIKUAN_CJK_FONT}, which does not exist`
      : `none of ${CJK_FONT_CANDIDATES.map((c) => c.path).join(", ")} exists`;
    throw new AppError(
      "internal",
      msg`documents need a CJK font and ${where}: install the Debian package ${CJK_FONT_PACKAGE} (apt-get install ${CJK_FONT_PACKAGE}) or set HUIKUAN_CJK_FONT to a .ttf/.otf file`,
    );
  }
  const opened = fontkit.create(fs.readFileSync(font.path), font.family ?? undefined);
  if (!opened || !("layout" in opened)) {
    throw new AppError(
      "internal",
      msg`${font.path} is a font collection without "${font.family}": name one of its fonts in HUIKUAN_CJK_FONT (file.ttc#PostScriptName)`,
    );
  }
  rememberDecodedGlyphs(opened);
  const loaded = { font, parsed: opened };
  if (usual) cached = loaded;
  return loaded;
}

/**
 * fontkit decodes a glyph's outline each time a document's font subset takes it (to see whether it is made of
 * other glyphs), though the font and its glyph objects live as long as the process: a fifth of a statement's time.
 * The outline is kept on the glyph the first time instead. Only for fonts without variations, whose outlines
 * never change.
 */
function rememberDecodedGlyphs(font: fontkit.Font): void {
  if ((font as unknown as { _variationProcessor?: unknown })._variationProcessor) return;
  const proto = Object.getPrototypeOf(font.getGlyph(0)) as { _decode?: () => unknown; [REMEMBERS]?: true };
  if (typeof proto._decode !== "function" || proto[REMEMBERS]) return;
  const decode = proto._decode;
  const decoded = new WeakMap<object, unknown>();
  proto._decode = function (this: object) {
    if (decoded.has(this)) return decoded.get(this);
    const glyph = decode.call(this);
    decoded.set(this, glyph);
    return glyph;
  };
  proto[REMEMBERS] = true;
}
const REMEMBERS = Symbol("huikuan.remembersDecodedGlyphs");

/**
 * pdfkit lays out each word once per document (fontkit's shaping is most of the cost of setting text); the
 * result depends on the font only, so documents share one cache per font and process, emptied now and then so
 * that names and amounts seen once do not pile up.
 */
export function sharedLayoutCache(font: fontkit.Font): Record<string, unknown> {
  let entry = layoutCaches.get(font);
  if (!entry || entry.uses >= LAYOUT_CACHE_DOCUMENTS) {
    entry = { cache: Object.create(null) as Record<string, unknown>, uses: 0 };
    layoutCaches.set(font, entry);
  }
  entry.uses++;
  return entry.cache;
}
const LAYOUT_CACHE_DOCUMENTS = 500;
const layoutCaches = new WeakMap<fontkit.Font, { cache: Record<string, unknown>; uses: number }>();
