/** Model names an MLflow store can hold (older MLflow accepted any non-empty name) that mean something in a path or a URI. */
export const AWKWARD_NAMES = [
  '.', '..', '...', '../3', './x', 'x/..', '/', 'a/b', '//', '%', '%2F', '%2E%2E', '100%', '?', 'a?b=c', '#', 'a#b', '\\', 'a\\..\\b',
  'modèle', '模型', 'Ünïcödé 🙂', ' spaced ', 'tab\tname', "o'brien", '3', 'description.md', 'a;b,c=d&e', 'C:\\models', 'D:', 'x:y', '~user',
];
