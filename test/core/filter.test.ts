import assert from 'node:assert/strict';
import type { SqlConnection } from '../../src/backends/sqlite/driver/driver';
import { testDriver } from '../helpers/registry';
import { compileModelFilter, compileVersionFilter, parseModelFilter, parseVersionFilter, type Condition, type SqlValue } from '../../src/core/filter';
import { quoteFilterValue } from '../../src/core/filter/literal';
import { searchTextToFilter } from '../../src/core/filter/searchText';
import { FIXTURE_2, FIXTURE_3, tempCopy, type TempCopy } from '../helpers/fixtures';

const NO_WS = { workspace: false };
const RM_TAG = (pred: string) => `EXISTS (SELECT 1 FROM registered_model_tags t WHERE t.name = rm.name AND t.key = ? AND ${pred})`;
const MV_TAG = (pred: string) => `EXISTS (SELECT 1 FROM model_version_tags t WHERE t.name = mv.name AND t.version = mv.version AND t.key = ? AND ${pred})`;

interface Case {
  filter: string;
  ast: Condition[];
  where: string;
  params: SqlValue[];
}

const MODEL_CASES: Case[] = [
  {
    filter: "name = 'churn'",
    ast: [{ type: 'attribute', key: 'name', comparator: '=', value: 'churn' }],
    where: 'rm.name = ?',
    params: ['churn'],
  },
  {
    filter: "name ILIKE '%churn%'",
    ast: [{ type: 'attribute', key: 'name', comparator: 'ILIKE', value: '%churn%' }],
    where: 'lower(rm.name) LIKE lower(?)',
    params: ['%churn%'],
  },
  {
    filter: "name like 'ir_s%'",
    ast: [{ type: 'attribute', key: 'name', comparator: 'LIKE', value: 'ir_s%' }],
    where: 'rm.name LIKE ?',
    params: ['ir_s%'],
  },
  {
    filter: 'attribute.name != "it\'s"',
    ast: [{ type: 'attribute', key: 'name', comparator: '!=', value: "it's" }],
    where: 'rm.name != ?',
    params: ["it's"],
  },
  {
    filter: "tags.`team.owner` = 'ml'",
    ast: [{ type: 'tag', key: 'team.owner', comparator: '=', value: 'ml' }],
    where: RM_TAG('t.value = ?'),
    params: ['team.owner', 'ml'],
  },
  {
    filter: 'tags."my key" iLike "A%"',
    ast: [{ type: 'tag', key: 'my key', comparator: 'ILIKE', value: 'A%' }],
    where: RM_TAG('lower(t.value) LIKE lower(?)'),
    params: ['my key', 'A%'],
  },
  {
    filter: "tag.task LIKE 'class%'",
    ast: [{ type: 'tag', key: 'task', comparator: 'LIKE', value: 'class%' }],
    where: RM_TAG('t.value LIKE ?'),
    params: ['task', 'class%'],
  },
  {
    // Unquoted dots after the prefix belong to the key, as with MLflow's split('.', 1).
    filter: "tags.mlflow.source.type != ''",
    ast: [{ type: 'tag', key: 'mlflow.source.type', comparator: '!=', value: '' }],
    where: RM_TAG('t.value != ?'),
    params: ['mlflow.source.type', ''],
  },
  {
    filter: "name='a'and tags.k='v'   AND\n\tname != 'b'",
    ast: [
      { type: 'attribute', key: 'name', comparator: '=', value: 'a' },
      { type: 'tag', key: 'k', comparator: '=', value: 'v' },
      { type: 'attribute', key: 'name', comparator: '!=', value: 'b' },
    ],
    where: `rm.name = ? AND ${RM_TAG('t.value = ?')} AND rm.name != ?`,
    params: ['a', 'k', 'v', 'b'],
  },
];

const VERSION_CASES: Case[] = [
  {
    filter: "name = 'churn' AND version_number >= 3",
    ast: [
      { type: 'attribute', key: 'name', comparator: '=', value: 'churn' },
      { type: 'attribute', key: 'version_number', comparator: '>=', value: 3 },
    ],
    where: 'mv.name = ? AND mv.version >= ?',
    params: ['churn', 3],
  },
  ...(['=', '!=', '<', '<=', '>'] as const).map((op) => ({
    filter: `attribute.version_number ${op} 12`,
    ast: [{ type: 'attribute', key: 'version_number', comparator: op, value: 12 }] as Condition[],
    where: `mv.version ${op} ?`,
    params: [12],
  })),
  {
    filter: "run_id IN ('0a1b', 'ff00')",
    ast: [{ type: 'attribute', key: 'run_id', comparator: 'IN', value: ['0a1b', 'ff00'] }],
    where: 'mv.run_id IN (?, ?)',
    params: ['0a1b', 'ff00'],
  },
  {
    // Ids with uppercase letters (or no letters, like Python's islower) are dropped; a trailing comma is fine.
    filter: "run_id in ('abc', \"ABC\", 'Abc1', '123', 'de9',)",
    ast: [{ type: 'attribute', key: 'run_id', comparator: 'IN', value: ['abc', 'de9'] }],
    where: 'mv.run_id IN (?, ?)',
    params: ['abc', 'de9'],
  },
  {
    filter: "run_id IN ('ABC')",
    ast: [{ type: 'attribute', key: 'run_id', comparator: 'IN', value: [] }],
    where: '0 = 1',
    params: [],
  },
  {
    filter: "run_id = 'abc' AND run_id ILIKE 'AB%'",
    ast: [
      { type: 'attribute', key: 'run_id', comparator: '=', value: 'abc' },
      { type: 'attribute', key: 'run_id', comparator: 'ILIKE', value: 'AB%' },
    ],
    where: 'mv.run_id = ? AND lower(mv.run_id) LIKE lower(?)',
    params: ['abc', 'AB%'],
  },
  {
    filter: "source_path LIKE 's3://bucket/%'",
    ast: [{ type: 'attribute', key: 'source_path', comparator: 'LIKE', value: 's3://bucket/%' }],
    where: 'mv.source LIKE ?',
    params: ['s3://bucket/%'],
  },
  {
    filter: "tags.validation_status = 'approved' AND name != 'x'",
    ast: [
      { type: 'tag', key: 'validation_status', comparator: '=', value: 'approved' },
      { type: 'attribute', key: 'name', comparator: '!=', value: 'x' },
    ],
    where: `${MV_TAG('t.value = ?')} AND mv.name != ?`,
    params: ['validation_status', 'approved', 'x'],
  },
];

function expectInvalid(parse: (f: string) => unknown, filter: string, message: RegExp): void {
  assert.throws(() => parse(filter), { name: 'MlflowError', code: 'INVALID_PARAMETER_VALUE', message }, filter);
}

describe('core/filter', () => {
  // MLflow lexes literals with sqlparse's '(''|\\'|[^'])*' (sqlparse/keywords.py since 0.4.4) and
  // keeps the text between the quotes verbatim (SearchUtils._strip_quotes in mlflow/utils/search_utils.py).
  describe('the search box: a comparison operator makes the text a filter', () => {
    const cases: [string, string][] = [
      ['diabetes', "name ILIKE '%diabetes%'"],
      ['  models in prod ', "name ILIKE '%models in prod%'"],
      ["o'neil", `name ILIKE "%o'neil%"`],
      [`o'neil "q"`, `name ILIKE '%oneil "q"%'`],
      ["name IN ('iris')", "name IN ('iris')"],
      ["name in('iris')", "name in('iris')"],
      ["name != 'x'", "name != 'x'"],
      ["tags.team like 'ml%'", "tags.team like 'ml%'"],
      ["name ILIKE 'ir%'", "name ILIKE 'ir%'"],
      ['version < 3', 'version < 3'],
      ['', ''],
    ];
    for (const [text, filter] of cases) {
      it(JSON.stringify(text), () => assert.equal(searchTextToFilter(text), filter));
    }
    it("name IN ('iris') gets MLflow's error instead of becoming a word search", () =>
      expectInvalid(parseModelFilter, searchTextToFilter("name IN ('iris')"), /^Only the 'run_id' attribute supports comparison with a list/));
    it('a plain-word filter always parses, whatever the words hold', () => {
      for (const words of ["it's", 'say "hi"', `both ' and "`, 'back\\', '%_']) parseModelFilter(searchTextToFilter(words));
    });
  });

  describe('string literals as MLflow reads them', () => {
    const nameIs = (filter: string, value: string) =>
      assert.deepEqual(parseModelFilter(filter), [{ type: 'attribute', key: 'name', comparator: '=', value }], filter);

    it("keeps a backslash-escaped quote inside the literal, verbatim: name = 'ir\\'is'", () => nameIs("name = 'ir\\'is'", "ir\\'is"));
    it("keeps a doubled quote inside the literal, verbatim: name = 'ir''is'", () => nameIs("name = 'ir''is'", "ir''is"));
    it('reads the other quote kind as an ordinary character', () => nameIs(`name = "ir'is"`, "ir'is"));
    it('a backslash before the closing quote at the very end still closes the literal', () => nameIs("name = 'iris\\'", 'iris\\'));
    it("refuses name = 'iris\\\\' AND name = 'x' (the quote after the backslashes is escaped)", () =>
      expectInvalid(parseModelFilter, "name = 'iris\\\\' AND name = 'x'", /unterminated quoted string/));
    it("refuses IN for name in the registered-model search, with MLflow's sentence", () =>
      expectInvalid(parseModelFilter, "name IN ('iris')", /^Only the 'run_id' attribute supports comparison with a list of quoted string values/));

    const names = ['iris', "ir'is", 'ir"is', `iris" AND name != "'`, 'a\\', "a\\'b", "x' OR '1'='1", 'ünï ✓', "it''s", 'back\\\\slash'];
    for (const name of names) {
      it(`quoteFilterValue round-trips ${JSON.stringify(name)} or says it cannot`, () => {
        const literal = quoteFilterValue(name);
        // Both quote kinds, or a trailing backslash (it would escape the closing quote once more text follows).
        const inexpressible = (name.includes("'") && name.includes('"')) || name.endsWith('\\');
        if (inexpressible) return assert.equal(literal, undefined, 'no literal reads back as this name');
        assert.ok(literal, 'expressible');
        for (const filter of [`name = ${literal}`, `name = ${literal} AND tags.a = 'b'`]) {
          assert.deepEqual(parseModelFilter(filter)[0], { type: 'attribute', key: 'name', comparator: '=', value: name }, filter);
        }
      });
    }
  });

  describe('valid model filters', () => {
    for (const c of MODEL_CASES) {
      it(c.filter, () => {
        const ast = parseModelFilter(c.filter);
        assert.deepEqual(ast, c.ast);
        assert.deepEqual(compileModelFilter(ast, NO_WS), { where: c.where, params: c.params, includesPrompts: false });
      });
    }
  });

  describe('valid version filters', () => {
    for (const c of VERSION_CASES) {
      it(c.filter, () => {
        const ast = parseVersionFilter(c.filter);
        assert.deepEqual(ast, c.ast);
        assert.deepEqual(compileVersionFilter(ast, NO_WS), { where: c.where, params: c.params, includesPrompts: false });
      });
    }
  });

  it('gives no conditions and a 1=1 predicate for an empty filter', () => {
    for (const f of [undefined, '', '  \n\t ']) {
      assert.deepEqual(parseModelFilter(f), []);
      assert.deepEqual(parseVersionFilter(f), []);
    }
    assert.deepEqual(compileModelFilter([], NO_WS), { where: '1=1', params: [], includesPrompts: false });
    assert.deepEqual(compileVersionFilter([], NO_WS), { where: '1=1', params: [], includesPrompts: false });
  });

  it('joins tag rows on the workspace when the schema has one', () => {
    const m = compileModelFilter(parseModelFilter("tags.a = 'b'"), { workspace: true });
    assert.equal(m.where, 'EXISTS (SELECT 1 FROM registered_model_tags t WHERE t.name = rm.name AND t.workspace = rm.workspace AND t.key = ? AND t.value = ?)');
    const v = compileVersionFilter(parseVersionFilter("tags.a = 'b'"), { workspace: true });
    assert.equal(
      v.where,
      'EXISTS (SELECT 1 FROM model_version_tags t WHERE t.name = mv.name AND t.version = mv.version AND t.workspace = mv.workspace AND t.key = ? AND t.value = ?)',
    );
  });

  it('never puts values into the SQL text', () => {
    const evil = `x' OR '1'='1`;
    const r = compileModelFilter(parseModelFilter(`name = "${evil}" AND tags."k'--" = "${evil}"`), NO_WS);
    assert.ok(!r.where.includes("'"), r.where);
    assert.deepEqual(r.params, [evil, "k'--", evil]);
  });

  describe('prompts (docs/mlflow3.md#prompts)', () => {
    const prompt = (f: string) => compileModelFilter(parseModelFilter(f), NO_WS);

    it("includes prompts only when asked with tags.`mlflow.prompt.is_prompt` = 'true'", () => {
      const r = prompt("tags.`mlflow.prompt.is_prompt` = 'true' AND name LIKE 'qa%'");
      assert.equal(r.includesPrompts, true);
      assert.equal(r.where, `${RM_TAG('t.value = ?')} AND rm.name LIKE ?`);
      assert.deepEqual(r.params, ['mlflow.prompt.is_prompt', 'true', 'qa%']);
      assert.equal(prompt("tags.`mlflow.prompt.is_prompt` = 'TRUE'").includesPrompts, true);
      assert.equal(prompt("tags.`mlflow.prompt.is_prompt` != 'false'").includesPrompts, true);
      assert.equal(compileVersionFilter(parseVersionFilter('tags."mlflow.prompt.is_prompt" = "true"'), NO_WS).includesPrompts, true);
    });

    it('drops other prompt-tag conditions, as MLflow does, and leaves exclusion to the caller', () => {
      for (const f of ["tags.`mlflow.prompt.is_prompt` = 'false'", "tags.`mlflow.prompt.is_prompt` != 'true'"]) {
        assert.deepEqual(prompt(f), { where: '1=1', params: [], includesPrompts: false });
      }
      assert.equal(prompt("tags.`mlflow.prompt.is_prompt` LIKE 'true'").includesPrompts, false);
      assert.equal(prompt("name = 'a'").includesPrompts, false);
    });
  });

  describe('invalid filters', () => {
    const both: [string, RegExp][] = [
      ["name = 'a' OR name = 'b'", /'OR'.*only be joined with AND/],
      ["name = 'a' or tags.x = 'b'", /'OR'/],
      ["(name = 'a')", /parentheses are only allowed around an IN list.*'\('/],
      ["name = 'a' AND (tags.x = 'y')", /parentheses/],
      ["name = ('a')", /parentheses/],
      ["foo = 'a'", /Invalid attribute key 'foo' specified\. Valid keys are/],
      ["attribute.description = 'a'", /Invalid attribute key 'description'/],
      ['metric.acc > 1', /Invalid entity type 'metric'/],
      ["name > 'a'", /Invalid comparator '>' for attribute 'name' not one of '=, !=, LIKE, ILIKE'/],
      ['name IS NULL', /Invalid comparator 'IS'/],
      ["name NOT LIKE 'a%'", /Invalid comparator 'NOT LIKE'/],
      ["name == 'a'", /Invalid comparator '=='/],
      ["name <> 'a'", /Invalid comparator '<>'/],
      ["tags.x < 'a'", /Invalid comparator '<' for tag 'x'/],
      ["tags.x IN ('a')", /Invalid comparator 'IN' for tag 'x'/],
      ['name = churn', /Expected a quoted string value for attribute 'name'.*Got value churn/],
      ['name = 3', /Expected a quoted string value for attribute 'name'.*Got value 3/],
      ['name = `churn`', /Expected a quoted string value.*`churn`/],
      ['tags.x = 3', /Expected a quoted string value for tag 'x'/],
      ["name = 'abc", /unterminated quoted string.*'abc/],
      ["tags.`abc = 'x'", /unterminated quoted string/],
      ["name = 'a' AND", /trailing 'AND'/],
      ["name = 'a' and  ", /trailing 'AND'/],
      ["AND name = 'a'", /expected an identifier.*found 'AND'/],
      ["name = 'a' AND AND name = 'b'", /found 'AND'/],
      ["name = 'a' name = 'b'", /expected 'AND' between conditions, found 'name'/],
      ['name =', /expected a value for attribute 'name'/],
      ['name', /expected a comparator after 'name'/],
      ["'name' = 'a'", /expected an identifier.*'name'/],
      ["tags.my-key = 'x'", /unexpected character '-'.*backticks/],
      ["name = 'a'; DROP TABLE registered_models", /unexpected character ';'/],
      ['bogus ==', /Invalid attribute key 'bogus'/],
    ];

    for (const [filter, message] of both) {
      it(filter, () => {
        expectInvalid(parseModelFilter, filter, message);
        expectInvalid(parseVersionFilter, filter, message);
      });
    }

    const modelsOnly: [string, RegExp][] = [
      ['version_number = 1', /Invalid attribute key 'version_number' specified\. Valid keys are '\{'name'\}'/],
      ["run_id = 'abc'", /Invalid attribute key 'run_id'/],
      ['creation_timestamp > 1', /Invalid attribute key 'creation_timestamp'/],
    ];
    for (const [filter, message] of modelsOnly) {
      it(`${filter} (registered models)`, () => expectInvalid(parseModelFilter, filter, message));
    }

    const versionsOnly: [string, RegExp][] = [
      ["version_number = '3'", /numeric attribute: version_number\. Found '3'/],
      ['version_number = 2.5', /integer value.*version_number\. Found 2\.5/],
      ['version_number = 3abc', /malformed number/],
      ["version_number LIKE '1%'", /Invalid comparator 'LIKE' for attribute 'version_number'/],
      ["name IN ('a')", /^Only the 'run_id' attribute supports comparison with a list of quoted string values\. Got 'IN' for attribute 'name'/],
      ["source_path IN ('a')", /^Only the 'run_id' attribute supports comparison with a list of quoted string values\. Got 'IN' for attribute 'source_path'/],
      ["run_id IN 'abc'", /parenthesized list of quoted run ids after 'IN', found ''abc''/],
      ['run_id IN ()', /non-empty list of quoted string values/],
      ["run_id IN ('a' 'b')", /expected ',' or '\)', found ''b''/],
      ["run_id IN ('a', 1)", /quoted string values, found '1'/],
      ["run_id IN ('a'", /expected ',' or '\)', found the end/],
      ["run_id > 'a'", /Invalid comparator '>' for attribute 'run_id'/],
      [
        'creation_timestamp > 1',
        /Invalid attribute key 'creation_timestamp' specified\. Valid keys are '\{'name', 'run_id', 'source_path', 'version_number'\}'/,
      ],
    ];
    for (const [filter, message] of versionsOnly) {
      it(`${filter} (model versions)`, () => expectInvalid(parseVersionFilter, filter, message));
    }

    it('rejects version conditions handed to the model compiler', () => {
      assert.throws(() => compileModelFilter(parseVersionFilter('version_number = 1'), NO_WS), {
        code: 'INVALID_PARAMETER_VALUE',
        message: /Invalid attribute key 'version_number'/,
      });
    });
  });

  describe('against a real MLflow database', () => {
    let copy: TempCopy;
    let db: SqlConnection;
    const open = (source: string) => {
      copy = tempCopy(source);
      db = testDriver().open(copy.db);
      db.exec('PRAGMA case_sensitive_like = true');
    };
    const close = () => {
      db.close();
      copy.cleanup();
    };

    const models = (filter: string, workspace = false): string[] => {
      const { where, params } = compileModelFilter(parseModelFilter(filter), { workspace });
      return db
        .prepare(`SELECT rm.name FROM registered_models rm WHERE ${where} ORDER BY rm.name`)
        .all(...params)
        .map((r) => String(r.name));
    };
    const versions = (filter: string, workspace = false): string[] => {
      const { where, params } = compileVersionFilter(parseVersionFilter(filter), { workspace });
      const rows = db
        .prepare(
          `SELECT mv.name, mv.version FROM model_versions mv
           WHERE mv.current_stage != 'Deleted_Internal' AND ${where} ORDER BY mv.name, mv.version`,
        )
        .all(...params);
      return rows.map((r) => `${String(r.name)}/${String(r.version)}`);
    };

    describe('MLflow 2.17.2 (no workspace columns)', () => {
      before(() => open(FIXTURE_2.db));
      after(close);

      const modelCases: [string, string[]][] = [
        ['', ['churn-model', 'diabetes-regressor', 'empty-model', 'iris-classifier']],
        ["name LIKE 'iris%'", ['iris-classifier']],
        ["name LIKE 'IRIS%'", []],
        ["name ILIKE 'IRIS%'", ['iris-classifier']],
        ["name LIKE '%model%'", ['churn-model', 'empty-model']],
        ["name != 'iris-classifier'", ['churn-model', 'diabetes-regressor', 'empty-model']],
        ["tags.task = 'classification'", ['iris-classifier']],
        ["tags.task != 'classification'", ['diabetes-regressor']],
        ["tags.task ILIKE 'REG%'", ['diabetes-regressor']],
        ["tags.unicode = 'Ünïcødé ✓'", ['iris-classifier']],
        ["name = 'churn-model' AND tags.status != 'x'", ['churn-model']],
        ["tags.task = 'classification' AND tags.owner = 'vision-team'", ['iris-classifier']],
        ["tags.task = 'classification' AND tags.task = 'regression'", []],
        [`name = "x' OR '1'='1"`, []],
      ];
      for (const [filter, expected] of modelCases) {
        it(`models: ${filter || '(empty)'}`, () => assert.deepEqual(models(filter), expected));
      }

      const allLive = [
        'churn-model/1',
        'diabetes-regressor/1',
        'diabetes-regressor/2',
        'iris-classifier/1',
        'iris-classifier/2',
        'iris-classifier/3',
        'iris-classifier/5',
      ];
      const versionCases: [string, string[]][] = [
        ["name = 'iris-classifier' AND version_number >= 3", ['iris-classifier/3', 'iris-classifier/5']],
        ["name = 'iris-classifier' AND version_number < 2", ['iris-classifier/1']],
        ["run_id IN ('5bb798385d424ff19b90fbc239162498')", ['churn-model/1', 'iris-classifier/3']],
        ["run_id IN ('5BB798385D424FF19B90FBC239162498')", []],
        ["source_path LIKE '%/artifacts/model'", allLive],
        ["source_path LIKE '%/ARTIFACTS/model'", []],
        ["source_path ILIKE '%/ARTIFACTS/model'", allLive],
        ["tags.validation_status = 'approved'", ['iris-classifier/3']],
        // The tag survives on the soft-deleted version 4, which stays hidden.
        ["tags.note = 'duplicate, to be deleted'", []],
        ["version_number != 1 AND name LIKE 'diabetes%'", ['diabetes-regressor/2']],
        ["tags.framework LIKE 'sk%' AND run_id = '2a3e7997087b4b9ea37dcc3e254dd67f'", ['diabetes-regressor/2']],
      ];
      for (const [filter, expected] of versionCases) {
        it(`versions: ${filter}`, () => assert.deepEqual(versions(filter), expected));
      }

      it('finds a prompt only through the prompt tag filter', () => {
        db.prepare("INSERT INTO registered_models (name, creation_time, last_updated_time) VALUES ('qa-prompt', 1, 1)").run();
        db.prepare("INSERT INTO registered_model_tags (key, value, name) VALUES ('mlflow.prompt.is_prompt', 'true', 'qa-prompt')").run();
        assert.deepEqual(models("tags.`mlflow.prompt.is_prompt` = 'true'"), ['qa-prompt']);
        // The caller excludes prompts when includesPrompts is false; here we only check nothing is lost.
        assert.deepEqual(models("tags.`mlflow.prompt.is_prompt` = 'false' AND name LIKE '%model'"), ['churn-model', 'empty-model']);
      });
    });

    describe('MLflow 3.11 (workspace columns)', () => {
      before(() => open(FIXTURE_3.db));
      after(close);

      it("models: tags.task = 'classification'", () => assert.deepEqual(models("tags.task = 'classification'", true), ['iris-classifier']));
      it("models: name ILIKE '%MODEL' AND tags.status = 'renamed'", () =>
        assert.deepEqual(models("name ILIKE '%MODEL' AND tags.status = 'renamed'", true), ['churn-model']));
      it("versions: tags.validation_status ILIKE 'APPROVED' AND version_number = 3", () =>
        assert.deepEqual(versions("tags.validation_status ILIKE 'APPROVED' AND version_number = 3", true), ['iris-classifier/3']));
      it("versions: source_path = 'models:/m-610dae704b7f458ab2229ac7a2efb4f7'", () =>
        assert.deepEqual(versions("source_path = 'models:/m-610dae704b7f458ab2229ac7a2efb4f7'", true), ['churn-model/1', 'iris-classifier/3']));
    });
  });
});
