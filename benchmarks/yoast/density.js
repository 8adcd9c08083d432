#!/usr/bin/env node
/*
 * Cross-check harness for leadlint's KW rules: ask yoastseo 3.6.0 how often it finds a
 * keyphrase, how many words it counts, and what its keyphrase-density assessment says.
 *
 * Reads one JSON object on stdin, writes one JSON object on stdout:
 *
 *   {"cases": [{"html": "<p>...</p>", "keyphrase": "AI導入 ロードマップ", "locale": "ja"}, ...]}
 *   -> {"results": [{
 *        "count": n,              // getKeyphraseCount: occurrences (per sentence, min over terms)
 *        "keyphraseLength": n,    // number of keyphrase terms Yoast matches (after its own splitting)
 *        "forms": [[...], ...],   // the terms (word forms) Yoast looks for
 *        "wordCount": n,          // getKeyphraseDensity's text length
 *        "density": x,            // count / wordCount * 100, unadjusted
 *        "sentences": n,          // how many sentences Yoast matched against
 *        "assessment": {"score": s, "text": "..."},   // KeyphraseDensityAssessment verdict
 *        "recommended": {"min": n, "max": n}         // its recommended occurrence counts
 *      }, ...]}
 *
 * Like wordcount.js beside it, it finds yoastseo through LEADLINT_YOASTSEO_DIR (a directory
 * holding node_modules/yoastseo) or this directory's own node_modules (`npm install`).
 * Used by benchmarks/yoast_compare.py.
 */
"use strict";

function yoastRequire(rel) {
	const id = `yoastseo/${rel}`;
	const dirs = [process.env.LEADLINT_YOASTSEO_DIR, __dirname].filter(Boolean);
	for (const d of dirs) {
		try {
			return require(require.resolve(id, { paths: [d] }));
		} catch (e) {
			// try the next directory
		}
	}
	return require(id);
}

function researcherFor(language) {
	try {
		return yoastRequire(`build/languageProcessing/languages/${language}/Researcher`).default;
	} catch (e) {
		return yoastRequire("build/languageProcessing/languages/_default/Researcher").default;
	}
}

function stripTags(s) {
	return String(s).replace(/<[^>]*>/g, "");
}

function analyse(c) {
	const Paper = yoastRequire("build/values/Paper").default;
	const LanguageProcessor = yoastRequire("build/parse/language/LanguageProcessor").default;
	const build = yoastRequire("build/parse/build/build").default;
	const getSentences = yoastRequire("build/languageProcessing/helpers/sentence/getSentences").default;
	const getSentencesFromTree = yoastRequire("build/languageProcessing/helpers/sentence/getSentencesFromTree").default;
	const Assessment = yoastRequire("build/scoring/assessments/seo/KeywordDensityAssessment").default;
	const recommended = yoastRequire("build/scoring/helpers/assessments/recommendedKeywordCount.js").default;

	const locale = c.locale || "en_US";
	const language = locale.split(/[_-]/)[0];
	const paper = new Paper(c.html, { keyword: c.keyphrase, locale });
	const Researcher = researcherFor(language);
	const researcher = new Researcher(paper);
	paper.setTree(build(paper, new LanguageProcessor(researcher)));

	const count = researcher.getResearch("getKeyphraseCount");
	const density = researcher.getResearch("getKeyphraseDensity");
	const forms = researcher.getResearch("morphology").keyphraseForms;
	const tokenizer = researcher.getHelper("memoizedTokenizer");
	const sentences = researcher.getHelper("matchWordCustomHelper")
		? getSentences(paper.getText(), tokenizer)
		: getSentencesFromTree(paper.getTree());
	const result = new Assessment().getResult(paper, researcher);
	const text = density.textLength;
	return {
		count: count.count,
		keyphraseLength: count.keyphraseLength,
		forms,
		wordCount: text,
		density: density.density,
		sentences: sentences.length,
		assessment: { score: result.getScore(), text: stripTags(result.getText()) },
		recommended: {
			min: recommended(count.keyphraseLength, 0.5, "min", text),
			max: recommended(count.keyphraseLength, 3, "max", text),
		},
	};
}

const chunks = [];
process.stdin.on("data", c => chunks.push(c));
process.stdin.on("end", () => {
	try {
		const req = JSON.parse(Buffer.concat(chunks).toString("utf8"));
		const results = req.cases.map(analyse);
		process.stdout.write(JSON.stringify({ results }) + "\n");
	} catch (err) {
		process.stderr.write(String((err && err.stack) || err) + "\n");
		process.exit(1);
	}
});
