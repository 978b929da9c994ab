/* Lunr "language" of the briefing, loaded by Material's search worker
 * (config.lang = ["briefing"] in search_index.json). search.py puts this
 * site's dictionary above this code as BRIEFING_SEARCH:
 *   stems    word → the word without its particle or ending (희토류를 → 희토류)
 *   parts    word → the words inside it, space-separated (대학병원을 → 대학병원 대학 병원)
 *   suffixes particles and endings, longest first
 * Indexing: every word is also indexed under its stem and parts, and English
 * words under their stem too, with the word's own position, so a match inside
 * a word highlights that word. Querying: each typed word is rewritten to the
 * forms the index holds before Material builds its query (Material adds a
 * trailing wildcard, which makes lunr skip its own search pipeline).
 */
(function (lunr, data) {
  "use strict";
  var HANGUL = /[\uAC00-\uD7A3]/;
  var EDGE = /^[^\p{L}\p{N}_]+|[^\p{L}\p{N}_]+$/gu;
  var builder = null;
  var vocabulary = null;

  function own(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  /* -- indexing ------------------------------------------------------- */
  function trim(token) {
    token.update(function (s) { return s.replace(EDGE, ""); });
    return token.toString() ? token : undefined;
  }

  function expand(token) {
    var word = token.toString();
    var out = [token];
    var extra = [];
    if (own(data.parts, word)) extra = data.parts[word].split(" ");
    else if (/^[a-z]/.test(word)) extra = [lunr.stemmer(token.clone()).toString()];
    extra.forEach(function (form) {
      if (form && form !== word) out.push(token.clone(function () { return form; }));
    });
    return out;
  }

  lunr.Pipeline.registerFunction(trim, "briefingTrim");
  lunr.Pipeline.registerFunction(expand, "briefingExpand");

  lunr.briefing = function () {
    builder = this;
    vocabulary = null;
    // sort the vocabulary while the index is built, not on the first keystroke
    var build = this.build;
    this.build = function () {
      var index = build.apply(this, arguments);
      terms();
      // a first query compiles lunr's query code: pay that now, before the
      // reader's first keystroke, which would otherwise wait for it
      index.search("a* zz*");
      return index;
    };
    this.pipeline.reset();
    this.pipeline.add(trim, lunr.stopWordFilter, expand);
    this.searchPipeline.reset();
    this.searchPipeline.add(trim);
  };

  /* -- querying ------------------------------------------------------- */
  function terms() {
    if (vocabulary === null && builder) vocabulary = Object.keys(builder.invertedIndex).sort();
    return vocabulary || [];
  }

  function isTerm(term) {
    return builder !== null && own(builder.invertedIndex, term);
  }

  function hasPrefix(prefix) {
    var list = terms();
    var low = 0, high = list.length;
    while (low < high) {
      var mid = (low + high) >>> 1;
      if (list[mid] < prefix) low = mid + 1; else high = mid;
    }
    return low < list.length && list[low].lastIndexOf(prefix, 0) === 0;
  }

  /* The word without a particle or ending, shortest first. */
  function stripped(word) {
    var stems = [];
    data.suffixes.forEach(function (suffix) {
      if (word.length - suffix.length >= 2 && word.slice(-suffix.length) === suffix)
        stems.push(word.slice(0, -suffix.length));
    });
    return stems;
  }

  /* An unknown compound as the fewest indexed words that spell it. */
  function segment(word) {
    var best = [0], back = [];
    for (var i = 1; i <= word.length; i++) {
      best[i] = Infinity;
      for (var j = Math.max(0, i - 12); j <= i - 2; j++)
        if (best[j] + 1 < best[i] && isTerm(word.slice(j, i))) {
          best[i] = best[j] + 1;
          back[i] = j;
        }
    }
    if (best[word.length] === Infinity || best[word.length] < 2) return null;
    var pieces = [];
    for (var k = word.length; k > 0; k = back[k]) pieces.unshift(word.slice(back[k], k));
    return pieces;
  }

  /* The terms to look up for one typed word. A stem replaces the word: the
   * stem's trailing wildcard finds the word too, and Material would list a
   * form no result contains as "missing". */
  function alternatives(word) {
    var out = [];
    function add(term) { if (term && out.indexOf(term) < 0) out.push(term); }
    if (HANGUL.test(word)) {
      var stems = own(data.stems, word) ? [data.stems[word]] : stripped(word);
      for (var i = 0; i < stems.length; i++)
        if (isTerm(stems[i])) { add(stems[i]); break; }
      if (!out.length && hasPrefix(word)) add(word);
      if (!out.length) {
        var candidates = [word].concat(stems);
        for (var c = 0; c < candidates.length; c++) {
          var pieces = segment(candidates[c]);
          if (pieces) { pieces.forEach(add); break; }
        }
      }
    } else {
      var stem = /^[a-z]/.test(word) ? lunr.stemmer(new lunr.Token(word)).toString() : word;
      var stemmed = stem !== word && hasPrefix(stem);
      if (stemmed) add(stem);
      if (hasPrefix(word) && !(stemmed && word.lastIndexOf(stem, 0) === 0)) add(word);
    }
    return out.length ? out : [word];
  }

  /* Material splits typed words with a QueryLexer of its own before it
   * builds the query; lunr's QueryParser lexes that query again. Rewrite in
   * the first pass only. */
  var rewriting = true;
  var run = lunr.QueryLexer.prototype.run;
  function isWord(piece) {
    return Boolean(lunr.stopWordFilter(new lunr.Token(piece)));
  }

  lunr.QueryLexer.prototype.run = function () {
    run.apply(this, arguments);
    if (!rewriting || builder === null) return;
    var lexemes = this.lexemes;
    var terms = lexemes.filter(function (lexeme) {
      return lexeme.type === lunr.QueryLexer.TERM && lexeme.str.indexOf("*") < 0;
    });
    var pieces = terms.map(function (lexeme) {
      return lexeme.str.toLowerCase().split(lunr.tokenizer.separator)
        .map(function (piece) { return piece.replace(EDGE, ""); })
        .filter(Boolean);
    });
    // A stop word inside a name (Beom-do) is not in the index, and as a
    // prefix it would match every word that begins with it (Downloads).
    var all = [].concat.apply([], pieces);
    var dropStopWords = all.some(isWord) && !all.every(isWord);
    terms.forEach(function (lexeme, t) {
      var i = lexemes.indexOf(lexeme);
      var single = i > 0 && lexemes[i - 1].type === lunr.QueryLexer.PRESENCE;
      var forms = [];
      pieces[t].forEach(function (piece) {
        if (dropStopWords && !isWord(piece)) return;
        // one letter or syllable: that word only, not every word it begins
        // (Material's trailing wildcard would expand it to thousands of terms)
        var alts = piece.length === 1 ? [piece + "^1"] : alternatives(piece);
        forms = forms.concat(single ? alts.slice(0, 1) : alts);
      });
      lexeme.str = forms.join(" ");
    });
  };
  var parse = lunr.QueryParser.prototype.parse;
  lunr.QueryParser.prototype.parse = function () {
    rewriting = false;
    try { return parse.apply(this, arguments); } finally { rewriting = true; }
  };

  /* Material post-processes every result (query terms, highlighting,
   * grouping), which is quadratic in places: on a site of a thousand pages a
   * one-letter query takes seconds. Hand it the best results only; Material
   * boosts whole pages over sections (up to 2.5 times), so rank them alike. */
  var LIMIT = 150;
  function keep(results) {
    if (results.length <= LIMIT) return results;
    return results
      .map(function (r) { return { r: r, key: r.score * (r.ref.indexOf("#") < 0 ? 2.5 : 1) }; })
      .sort(function (a, b) { return b.key - a.key; })
      .slice(0, LIMIT)
      .map(function (x) { return x.r; });
  }

  /* A word matched through two of its forms (대학병원을 and 병원) carries its
   * position twice; Material would then mark it twice and garble the
   * snippet. Keep each position once per result and field. */
  /* The first two letters of a Latin word match thousands of postings on a
   * site of a thousand pages (co* → cooperation, company, construction…),
   * too slow for a keystroke. While a word is that short, its prefix is
   * looked up in titles and names only, and the word itself everywhere. */
  var SHORT = /^[a-z0-9]{1,2}\*$/;
  var NARROW = ["title", "names"];
  function narrow(q) {
    var fields = NARROW.filter(function (f) { return q.allFields.indexOf(f) >= 0; });
    var exact = [];
    q.clauses.forEach(function (clause) {
      if (!SHORT.test(clause.term) || !fields.length) return;
      if (clause.presence === lunr.Query.presence.OPTIONAL)
        exact.push({ term: clause.term.slice(0, -1), fields: q.allFields, boost: clause.boost,
                     usePipeline: false, wildcard: lunr.Query.wildcard.NONE, presence: clause.presence });
      clause.fields = fields;
    });
    exact.forEach(function (clause) { q.clause(clause); });
  }

  var query = lunr.Index.prototype.query;
  lunr.Index.prototype.query = function (build) {
    var results = keep(query.call(this, function (q) {
      build.call(q, q);
      narrow(q);
    }));
    results.forEach(function (result) {
      var seen = {};
      var metadata = result.matchData.metadata;
      Object.keys(metadata).forEach(function (term) {
        Object.keys(metadata[term]).forEach(function (name) {
          var entry = metadata[term][name];
          if (!entry || !Array.isArray(entry.position)) return;
          var kept = entry.position.filter(function (position) {
            var key = name + ":" + position;
            if (own(seen, key)) return false;
            seen[key] = true;
            return true;
          });
          metadata[term][name] = Object.assign({}, entry, { position: kept });
        });
      });
    });
    return results;
  };

  lunr.briefing.alternatives = alternatives;  /* for tests */
})(self.lunr, BRIEFING_SEARCH);
