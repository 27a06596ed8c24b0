import type { PageWords } from './messages';
import { l10n } from './pageL10n';

/** The page script's own words; `{0}` is passed as itself so the translation keeps the placeholder for the script. */
export function pageWords(): PageWords {
  return {
    copy: l10n.t('Copy'),
    copied: l10n.t('Copied'),
    copiedText: l10n.t('Copied {0}', '{0}'),
    sortedAscending: l10n.t('Sorted by {0}, ascending', '{0}'),
    sortedDescending: l10n.t('Sorted by {0}, descending', '{0}'),
  };
}
