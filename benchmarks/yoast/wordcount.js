#!/usr/bin/env node
/*
 * Cross-check harness: ask yoastseo 3.6.0 itself how many words it counts.
 *
 * Reads one JSON object on stdin, writes one JSON object on stdout.
 *
 *   {"texts": ["...", ...], "language": "ja"}            -> {"counts": [n, ...]}
 *   {"texts": [...], "language": "en", "words": true}     -> {"counts": [...], "words": [[...], ...]}
 *       language "ja" (or "ja_JP", "ja-JP") uses yoastseo's languages/ja/helpers/getWords;
 *       anything else uses yoastseo's default helpers/word/getWords (split on whitespace).
 *
 *   {"mode": "segment", "texts": [...]}                  -> {"tokens": [[...], ...]}
 *       the raw tiny-segmenter 0.2.0 tokens (no sanitising, no punctuation removal).
 *
 *   {"mode": "density", "text": "<p>html</p>", "keyphrase": "...", "locale": "ja"}
 *       -> {"count": n, "wordCount": n, "density": x, "keyphraseLength": n}
 *       runs the getKeyphraseCount and getKeyphraseDensity researches on a Paper, the
 *       way yoastseo's analysis worker does (tree built with the language's researcher).
 *
 * Run `npm ci` in this directory first (package.json and package-lock.json pin the
 * versions), or point LEADLINT_YOASTSEO_DIR (or NODE_PATH) at a directory holding
 * node_modules/yoastseo and node_modules/tiny-segmenter.  Used by tests/test_words.py.
 */
"use strict";

function yoastRequireFrom(id) {
	const dirs = [];
	if (process.env.LEADLINT_YOASTSEO_DIR) {
		dirs.push(process.env.LEADLINT_YOASTSEO_DIR);
	}
	dirs.push(__dirname);
	for (const d of dirs) {
		let resolved;
		try {
			resolved = require.resolve(id, { paths: [d] });
		} catch (e) {
			continue;
		}
		return require(resolved);
	}
	return require(id);
}

function yoastRequire(rel) {
	return yoastRequireFrom(`yoastseo/${rel}`);
}

function readStdin() {
	return new Promise((resolve, reject) => {
		const chunks = [];
		process.stdin.on("data", c => chunks.push(c));
		process.stdin.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
		process.stdin.on("error", reject);
	});
}

function researcherFor(language) {
	const rel = `build/languageProcessing/languages/${language}/Researcher`;
	try {
		return yoastRequire(rel).default;
	} catch (e) {
		if (e.code !== "MODULE_NOT_FOUND") {
			throw e;
		}
		return yoastRequire("build/languageProcessing/languages/_default/Researcher").default;
	}
}

function wordCounts(req) {
	const language = req.language || "en";
	const getWords = /^ja([_-]|$)/i.test(language)
		? yoastRequire("build/languageProcessing/languages/ja/helpers/getWords").default
		: yoastRequire("build/languageProcessing/helpers/word/getWords").default;
	const words = req.texts.map(t => getWords(t));
	const out = { counts: words.map(w => w.length) };
	if (req.words) {
		out.words = words;
	}
	return out;
}

function segmentTexts(req) {
	const TinySegmenter = yoastRequireFrom("tiny-segmenter");
	const segmenter = new TinySegmenter();
	return { tokens: req.texts.map(t => segmenter.segment(t)) };
}

function density(req) {
	const Paper = yoastRequire("build/values/Paper").default;
	const LanguageProcessor = yoastRequire("build/parse/language/LanguageProcessor").default;
	const build = yoastRequire("build/parse/build/build").default;
	const locale = req.locale || "en_US";
	const language = locale.split(/[_-]/)[0];
	const paper = new Paper(req.text, { keyword: req.keyphrase, locale });
	const Researcher = researcherFor(language);
	const researcher = new Researcher(paper);
	if (req.morphology) {
		researcher.addResearchData("morphology", req.morphology);
	}
	paper.setTree(build(paper, new LanguageProcessor(researcher), paper._attributes && paper._attributes.shortcodes));
	const count = researcher.getResearch("getKeyphraseCount");
	const dens = researcher.getResearch("getKeyphraseDensity");
	return {
		count: count.count,
		keyphraseLength: count.keyphraseLength,
		wordCount: dens.textLength,
		density: dens.density,
	};
}

readStdin().then(raw => {
	const req = JSON.parse(raw);
	const modes = { density, segment: segmentTexts, words: wordCounts };
	const mode = modes[req.mode || "words"];
	if (!mode) {
		throw new Error(`unknown mode ${JSON.stringify(req.mode)} (words, segment, density)`);
	}
	const out = mode(req);
	process.stdout.write(JSON.stringify(out) + "\n");
}).catch(err => {
	process.stderr.write(String(err && err.stack || err) + "\n");
	process.exit(1);
});
