// Builds the front-end assets into static/build/ (gitignored):
//   portal.css              assets/scss/portal.scss compiled with Dart Sass, compressed
//   govuk-frontend.min.js   GOV.UK Frontend's JavaScript, as shipped
//   images/                 favicon.ico, favicon.svg, icon-180/192/512.png
//
// The icons are drawn here: GOV.UK Frontend's own favicons and icons are the
// GOV.UK crown, which a council service must not use. Fonts are not copied
// either: the portal uses a system font stack, not GDS Transport.
//
// Run with `npm run build` from the repository root (any working directory works).
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { deflateSync } from "node:zlib";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "static", "build");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");

// Images GOV.UK Frontend's Sass may ask for that are not shipped (crown, crest).
const NOT_SHIPPED = new Set(["govuk-crest.svg", "govuk-crest.png", "govuk-crown.svg"]);

function compileCss() {
  const result = sass.compile(join(root, "assets", "scss", "portal.scss"), {
    style: "compressed",
    sourceMap: false,
    importers: [new sass.NodePackageImporter(root)],
    functions: {
      "portal-image-url($filename)": (args) => {
        const name = args[0].assertString("filename").text;
        const value = NOT_SHIPPED.has(name) ? "none" : `url("images/${name}")`;
        return new sass.SassString(value, { quotes: false });
      },
    },
  });
  const css = result.css;
  const problems = [];
  if (/GDS Transport/i.test(css)) problems.push("mentions the GDS Transport font");
  if (/\.woff2?\b/i.test(css)) problems.push("references .woff font files");
  if (/@font-face/i.test(css)) problems.push("declares an @font-face");
  if (/url\([^)]*(crest|crown)/i.test(css)) problems.push("references the GOV.UK crown or crest");
  if (problems.length) {
    throw new Error(`portal.css ${problems.join(", ")}: check assets/scss/portal.scss`);
  }
  writeFileSync(join(out, "portal.css"), css + "\n");
  return Buffer.byteLength(css) + 1;
}

// --- icons -----------------------------------------------------------------
// A plain, crown-free mark: a white charter page with four lines on the
// GOV.UK Frontend brand blue.
const BLUE = [0x1d, 0x70, 0xb8];
const WHITE = [0xff, 0xff, 0xff];
const PAGE = { x0: 0.28, x1: 0.72, y0: 0.16, y1: 0.84 };
const LINES = [0.3, 0.42, 0.54, 0.66].map((y) => ({ x0: 0.36, x1: 0.64, y0: y, y1: y + 0.05 }));
const inside = (r, u, v) => u >= r.x0 && u < r.x1 && v >= r.y0 && v < r.y1;

function pixel(u, v) {
  if (!inside(PAGE, u, v)) return BLUE;
  return LINES.some((line) => inside(line, u, v)) ? BLUE : WHITE;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function png(size) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  const raw = Buffer.alloc(size * (1 + size * 3));
  for (let y = 0; y < size; y++) {
    const row = y * (1 + size * 3); // each row starts with filter type 0
    for (let x = 0; x < size; x++) {
      const [r, g, b] = pixel((x + 0.5) / size, (y + 0.5) / size);
      raw.set([r, g, b], row + 1 + x * 3);
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function ico(size) {
  const image = png(size); // ICO files may hold PNG images (all current browsers)
  const header = Buffer.alloc(6 + 16);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(1, 4); // one image
  header[6] = size; // width
  header[7] = size; // height
  header.writeUInt16LE(1, 10); // colour planes
  header.writeUInt16LE(24, 12); // bits per pixel
  header.writeUInt32LE(image.length, 14);
  header.writeUInt32LE(header.length, 18);
  return Buffer.concat([header, image]);
}

function svg() {
  const rect = (r, fill) =>
    `<rect x="${r.x0 * 32}" y="${r.y0 * 32}" width="${((r.x1 - r.x0) * 32).toFixed(2)}" ` +
    `height="${((r.y1 - r.y0) * 32).toFixed(2)}" fill="${fill}"/>`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">` +
    `<rect width="32" height="32" fill="#1d70b8"/>${rect(PAGE, "#fff")}` +
    LINES.map((line) => rect(line, "#1d70b8")).join("") +
    `</svg>\n`
  );
}

function writeImages() {
  const images = join(out, "images");
  mkdirSync(images, { recursive: true });
  writeFileSync(join(images, "favicon.ico"), ico(48));
  writeFileSync(join(images, "favicon.svg"), svg());
  for (const size of [180, 192, 512]) writeFileSync(join(images, `icon-${size}.png`), png(size));
}

const started = performance.now();
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const cssBytes = compileCss();
copyFileSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
writeImages();
const took = Math.round(performance.now() - started);
console.log(`built ${relative(root, out)}/ (portal.css ${cssBytes} bytes) in ${took} ms`);
