import type { NewPromptVersion, Prompt, PromptVersion } from './prompts';
import type { Page } from './types';

export interface SearchPromptsRequest {
  /** search_prompts' filter: `name LIKE 'su%'`, `experiment_id = '2'`, tag conditions. */
  filter?: string;
  maxResults?: number;
  pageToken?: string;
}

/** The prompt calls of `mlflow.genai` and `MlflowClient`, on either backend. */
export interface PromptOperations {
  /**
   * Whether MLflow keeps prompts in this registry: its schema or server is one
   * MLflow 3 writes prompts to, or it already holds some (MLflow 2.21 and 2.22
   * wrote them before MLflow 3's schema). Asked once per backend and again
   * after a prompt write, since the answer changes only when a prompt appears.
   */
  holdsPrompts(): Promise<boolean>;
  searchPrompts(req?: SearchPromptsRequest): Promise<Page<Prompt>>;
  getPrompt(name: string): Promise<Prompt>;
  /** Live versions, newest first, each with its aliases. */
  listPromptVersions(name: string): Promise<PromptVersion[]>;
  getPromptVersion(name: string, version: string): Promise<PromptVersion>;
  /** `latest` is the highest live version, as in MLflow. */
  getPromptVersionByAlias(name: string, alias: string): Promise<PromptVersion>;

  /** register_prompt: creates the prompt on its first version. */
  registerPrompt(req: NewPromptVersion, experimentId?: string): Promise<PromptVersion>;
  setPromptAlias(name: string, alias: string, version: string): Promise<void>;
  deletePromptAlias(name: string, alias: string): Promise<void>;
  setPromptTag(name: string, key: string, value: string): Promise<void>;
  deletePromptTag(name: string, key: string): Promise<void>;
  deletePromptVersion(name: string, version: string): Promise<void>;
}
