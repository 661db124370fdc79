/*
 * Plain-language checks for Wagtail's content checker (the "Checks" item in the userbar).
 * The rules and their options (the word list, the paragraph length) are configured in
 * cms/content_checker.py; this file only provides the check functions axe-core calls.
 * Each returns true when the element passes.
 */
(function () {
  'use strict';

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }

  function ownText(node) {
    return (node.textContent || '').replace(/\s+/g, ' ').trim();
  }

  function checkPlainLanguageWords(node, options) {
    var words = (options && options.words) || [];
    if (!words.length) return true;
    var pattern = new RegExp(
      '\\b(' + words.map(escapeRegExp).join('|') + ')\\b',
      'i',
    );
    // Check only text that is not inside a nested element we also check (e.g. li > p).
    var match = ownText(node).match(pattern);
    if (match) {
      this.data({ word: match[1] });
      return false;
    }
    return true;
  }

  function checkLongParagraph(node, options) {
    var maxWords = (options && options.maxWords) || 100;
    var text = ownText(node);
    var count = text ? text.split(' ').length : 0;
    this.data({ words: count, maxWords: maxWords });
    return count <= maxWords;
  }

  function checkVagueLinkText(node, options) {
    var phrases = (options && options.phrases) || [];
    var text = ownText(node)
      .toLowerCase()
      .replace(/[.,:;!?…]+$/, '');
    return phrases.indexOf(text) === -1;
  }

  var checks = {
    'check-vague-link-text': checkVagueLinkText,
    'check-plain-language-words': checkPlainLanguageWords,
    'check-long-paragraph': checkLongParagraph,
  };

  function register() {
    var userbar = document.querySelector('wagtail-userbar');
    if (!userbar || typeof userbar.registerCheck !== 'function') return false;
    Object.keys(checks).forEach(function (id) {
      userbar.registerCheck(id, checks[id]);
    });
    return true;
  }

  if (!register()) {
    document.addEventListener('DOMContentLoaded', register, { once: true });
  }
})();
