import { descriptionExcerpt } from '../core/excerpt';
import { renderMarkdownBounded, type RenderedMarkdown } from './markdown';

/** One piece of Markdown to turn into page content: a description, or a table cell's excerpt. */
export type MarkdownJob = { kind: 'html'; source: string } | { kind: 'text'; source: string; max: number };
export type MarkdownResult = RenderedMarkdown | string;

export function runJob(job: MarkdownJob): MarkdownResult {
  return job.kind === 'html' ? renderMarkdownBounded(job.source) : descriptionExcerpt(job.source, job.max);
}
