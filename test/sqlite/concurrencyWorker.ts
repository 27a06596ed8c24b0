/**
 * Run as a separate OS process by concurrency.test.ts: creates `count`
 * versions of one model, each with two tags, as a training script would.
 */
import { SqliteRegistry } from '../../src/backends/sqlite/sqliteRegistry';

async function main(): Promise<void> {
  const [db, model, countText, label] = process.argv.slice(2);
  const reg = await SqliteRegistry.openWhenFree(db);
  try {
    for (let i = 0; i < Number(countText); i++) {
      await reg.createModelVersion({
        name: model,
        source: `/tmp/${label}/${i}/model`,
        runId: `${label}${i}`.padEnd(32, '0').slice(0, 32),
        tags: { writer: label, seq: String(i) },
      });
    }
  } finally {
    await reg.close();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
