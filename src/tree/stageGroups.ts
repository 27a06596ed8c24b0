import { isKnownStage, STAGE_DISPLAY_ORDER, type ModelVersion } from '../core/types';

/** No vscode import: the grouping is unit-tested in plain Node. */
export interface StageGroup {
  /** The stage text as the registry holds it; shown as a plain label. */
  stage: string;
  known: boolean;
  versions: ModelVersion[];
}

/**
 * Versions by stage: MLflow's four in display order, then every other stage
 * text the registry holds (anyone can write one into mlflow.db or send one
 * from a server), each in a group of its own so that no version goes missing.
 */
export function groupByStage(versions: readonly ModelVersion[]): StageGroup[] {
  const groups: StageGroup[] = [];
  for (const stage of STAGE_DISPLAY_ORDER) {
    const inStage = versions.filter((v) => v.currentStage === stage);
    if (inStage.length > 0) groups.push({ stage, known: true, versions: inStage });
  }
  const others = new Map<string, ModelVersion[]>();
  for (const v of versions) {
    if (isKnownStage(v.currentStage)) continue;
    others.set(v.currentStage, [...(others.get(v.currentStage) ?? []), v]);
  }
  for (const stage of [...others.keys()].sort()) groups.push({ stage, known: false, versions: others.get(stage)! });
  return groups;
}
