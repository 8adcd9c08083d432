#!/usr/bin/env node
/*
 * Regenerates leadlint/words/model.json from the npm package tiny-segmenter@0.2.0
 * (the model yoastseo 3.6.0 uses). Run `npm ci` here first (or set LEADLINT_YOASTSEO_DIR
 * to a directory holding node_modules/tiny-segmenter), then:
 *
 *   node benchmarks/yoast/dump_model.js > leadlint/words/model.json
 *
 * The weights are copied as the package holds them (no re-keying), and the
 * character classes are evaluated by the package's own ctype_() on every UTF-16
 * code unit, so the file reflects exactly what tiny-segmenter computes.
 */
"use strict";
const searchPaths = [process.env.LEADLINT_YOASTSEO_DIR, __dirname, process.cwd()].filter(Boolean);
const TinySegmenter = require(require.resolve("tiny-segmenter", { paths: searchPaths }));
const pkg = require(require.resolve("tiny-segmenter/package.json", { paths: searchPaths }));

const seg = new TinySegmenter();
const tables = {};
for (const name of Object.keys(seg).filter(k => k.endsWith("__") && k !== "BIAS__").sort()) {
	const t = seg[name];
	const sorted = {};
	for (const k of Object.keys(t).sort()) {
		sorted[k] = t[k];
	}
	tables[name.slice(0, -2)] = sorted;
}

// Character types of every UTF-16 code unit, as [first, last, type] ranges ("O" omitted).
const ranges = [];
let prev = null;
let start = 0;
for (let c = 0; c <= 0x10000; c++) {
	const t = c < 0x10000 ? seg.ctype_(String.fromCharCode(c)) : null;
	if (t !== prev) {
		if (prev !== null && prev !== "O") {
			ranges.push([start, c - 1, prev]);
		}
		prev = t;
		start = c;
	}
}

const out = {
	source: `npm ${pkg.name}@${pkg.version} (lib/index.js), TinySegmenter (c) 2008 Taku Kudo, new BSD licence: see LICENSE.tiny-segmenter`,
	bias: seg.BIAS__,
	chartype_patterns: seg.chartype_.map(([re, type]) => [re.source, type]),
	chartype_ranges: ranges,
	tables,
};
// One table per line keeps diffs readable.
const lines = ["{"];
const entries = Object.entries(out);
entries.forEach(([k, v], i) => {
	const comma = i < entries.length - 1 ? "," : "";
	if (k === "tables") {
		lines.push(` "tables": {`);
		const tnames = Object.keys(v);
		tnames.forEach((tn, j) => {
			lines.push(`  ${JSON.stringify(tn)}: ${JSON.stringify(v[tn])}${j < tnames.length - 1 ? "," : ""}`);
		});
		lines.push(` }${comma}`);
	} else {
		lines.push(` ${JSON.stringify(k)}: ${JSON.stringify(v)}${comma}`);
	}
});
lines.push("}");
process.stdout.write(lines.join("\n") + "\n");
