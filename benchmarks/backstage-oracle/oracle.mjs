// Backstage's own verdicts, for the tests that hold catalog-lint to them.
//
// catalog-lint promises that an error on a Backstage entity means the catalog rejects
// it. The truth is @backstage/catalog-model, the package the catalog runs on every
// entity; this script asks it and writes the answers as JSON files that the tests
// read (the tests never run Node.js). Two questions:
//
//   node oracle.mjs entities DIR OUT.json
//     Every document of every *.yaml / *.yml file directly in DIR, judged as the
//     catalog judges an entity: js-yaml's core schema reads it; the root must be a
//     plain object; then the default entity policies, in the catalog's order
//     (SchemaValidEntityPolicy, DefaultNamespaceEntityPolicy,
//     NoForeignRootFieldsEntityPolicy, FieldFormatEntityPolicy(makeValidator()));
//     then the built-in kind validators (Component, API, Resource, System, Domain,
//     Location, User, Group). A document with a "$" key first goes through the
//     catalog's placeholder step, with Backstage's own PlaceholderProcessor (see
//     "placeholders" below): targets are read from DIR as from the entity's
//     repository. OUT maps "<file>#<document index>" to
//     {valid, kind, apiVersion, stage, kindChecked, error}. Writes
//     tests/data/backstage_mutants/verdicts.json.
//
//   node oracle.mjs checks CASES.json OUT.json
//     The field checks one by one (makeValidator()'s, CommonValidatorFunctions') on
//     the values CASES lists per check, and parseEntityRef on the references it lists.
//     Writes tests/data/backstage_checks/verdicts.json.
//
//   node oracle.mjs validate DIR
//     Every catalog-info.yaml under DIR (at any depth) judged as above, nothing
//     written: what benchmarks/bench_real.py times against catalog-lint validate.
//     Prints {"files", "documents", "valid", "rejected"} as JSON.
//
// Set up once in this folder with `npm ci` (package-lock.json pins every package, so
// the verdicts can be rebuilt exactly). See docs/backstage-compatibility.md.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const model = require('@backstage/catalog-model');
const yaml = require('js-yaml');

// -- entities --------------------------------------------------------------------

const entityPolicy = model.EntityPolicies.allOf([
  new model.SchemaValidEntityPolicy(),
  new model.DefaultNamespaceEntityPolicy(),
  new model.NoForeignRootFieldsEntityPolicy(),
  new model.FieldFormatEntityPolicy(model.makeValidator()),
]);

const kindValidators = [
  model.componentEntityV1alpha1Validator,
  model.apiEntityV1alpha1Validator,
  model.resourceEntityV1alpha1Validator,
  model.systemEntityV1alpha1Validator,
  model.domainEntityV1alpha1Validator,
  model.locationEntityV1alpha1Validator,
  model.userEntityV1alpha1Validator,
  model.groupEntityV1alpha1Validator,
];

// The scaffolder's Template kind is validated by a package of its own: a Template is
// judged by the entity policies only, and its verdict says so (kindChecked: false).
const templateApiVersions = new Set(['scaffolder.backstage.io/v1beta3', 'backstage.io/v1beta2']);
const templateNote =
  'Template: no validator for this kind in @backstage/catalog-model; only the entity policies were applied';

/**
 * A YAML stream cut into its documents' texts, as the catalog's reader sees them: a
 * line starting with "---" or "..." always ends the current document. Text before
 * the first "---" is a document only when it holds more than blank lines, comments
 * and directives. Each chunk is {text, empty}; an empty one is not judged.
 */
function documentChunks(text) {
  const chunks = [];
  let lines = [];
  let explicit = false; // the current document was opened by "---"
  let seenMarker = false;
  const close = () => {
    const body = lines.join('');
    const empty = !body
      .split(/\r?\n/)
      .some((line) => line.trim() !== '' && !line.trimStart().startsWith('#') && !line.startsWith('%'));
    if (explicit || !empty) chunks.push({ text: body, empty });
    lines = [];
  };
  for (const line of text.split(/(?<=\n)/)) {
    const bare = line.replace(/\r?\n$/, '');
    if (/^---(\s|$)/.test(bare)) {
      if (seenMarker || lines.length) close();
      seenMarker = true;
      explicit = true;
      const rest = bare.slice(3); // "--- value" starts the new document
      lines = rest.trim() ? [rest + '\n'] : [];
    } else if (/^\.\.\.(\s|$)/.test(bare)) {
      close();
      explicit = false;
    } else {
      lines.push(line);
    }
  }
  if (lines.length || explicit) close();
  return chunks;
}

function isPlainObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value) &&
    Object.getPrototypeOf(value) === Object.prototype;
}

function jsonType(value) {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

function oneLine(error) {
  return (error && error.message ? error.message : String(error)).replace(/\s+/g, ' ').trim();
}

async function judgeEntity(document) {
  const kind = typeof document.kind === 'string' ? document.kind : null;
  const apiVersion = typeof document.apiVersion === 'string' ? document.apiVersion : null;
  const invalid = (stage, kindChecked, error) =>
    ({ valid: false, kind, apiVersion, stage, kindChecked, error });
  let entity;
  try {
    // through JSON, as entities travel in the catalog (.inf and .nan become null)
    entity = await entityPolicy.enforce(JSON.parse(JSON.stringify(document)));
    if (!entity) throw new Error('entity policies returned no entity');
  } catch (error) {
    return invalid('policy', false, oneLine(error));
  }
  for (const validator of kindValidators) {
    try {
      if (await validator.check(entity)) {
        return { valid: true, kind, apiVersion, stage: null, kindChecked: true, error: null };
      }
    } catch (error) {
      return invalid('kind', true, oneLine(error));
    }
  }
  if (kind === 'Template' && templateApiVersions.has(apiVersion)) {
    return { valid: true, kind, apiVersion, stage: null, kindChecked: false, error: null, note: templateNote };
  }
  return invalid('kind', false, 'no kind validator in @backstage/catalog-model recognizes ' +
    `kind=${JSON.stringify(document.kind)} apiVersion=${JSON.stringify(document.apiVersion)}`);
}

// -- placeholders ------------------------------------------------------------------
//
// The catalog replaces {$text|$json|$yaml: path} placeholders before it validates an
// entity. A document that has any "$" key goes through what the catalog does to an
// entity read from a file, in its order, with its own code:
//   1. the envelope check (entityEnvelopeSchemaValidator), made when the file's
//      entities are emitted and again before processing: placeholders at apiVersion,
//      kind, metadata, metadata.name or metadata.namespace fail here;
//   2. the location annotations added to metadata.annotations (ProcessorOutputCollector),
//      which is why a placeholder standing at metadata.annotations is never replaced;
//   3. Backstage's own PlaceholderProcessor (@backstage/plugin-catalog-backend) with the
//      catalog's three resolvers, the entity registered at a github.com URL whose
//      repository is the judged folder: a UrlReader serves that URL's files from the
//      folder, so relative targets (./links.yaml, ../x, /x) resolve and read exactly as
//      in the catalog;
// then the location annotations are taken out again and the substituted entity is
// judged like every other document. The verdict lists the placeholders
// (`placeholders`). URLs elsewhere cannot be fetched here: a $text one is given a
// dummy string (what $text always yields; its content is unknown), and a document with
// a $json or $yaml one is marked `unresolvedPlaceholders` and left out of the figures.

const catalogBackend = path.dirname(require.resolve('@backstage/plugin-catalog-backend'));
// the resolvers are not exported by the package's index: load the module by its file
const placeholderModule = require(path.join(catalogBackend, 'processors', 'PlaceholderProcessor.cjs.js'));
const { ScmIntegrations } = require('@backstage/integration');
const { ConfigReader } = require('@backstage/config');

const integrations = ScmIntegrations.fromConfig(new ConfigReader({}));
const REPOSITORY = 'https://github.com/catalog-lint/judged/blob/main/';
const OFFLINE = 'oracle-offline:';
const ADDED_ANNOTATIONS = [model.ANNOTATION_LOCATION, model.ANNOTATION_ORIGIN_LOCATION];

function hasDollarKey(value) {
  if (Array.isArray(value)) return value.some(hasDollarKey);
  if (!isPlainObject(value)) return false;
  return Object.keys(value).some((key) => key.startsWith('$') || hasDollarKey(value[key]));
}

// The judged folder's files under the repository's URLs (GitHub's resolveUrl turns
// /blob/ into /tree/); anything else on github.com does not exist; other hosts are not
// reachable from here.
function folderReader(folder, dummyText) {
  const tree = REPOSITORY.replace('/blob/', '/tree/');
  return {
    async readUrl(url) {
      const prefix = [REPOSITORY, tree].find((start) => url.startsWith(start));
      if (prefix) {
        const relative = decodeURIComponent(new URL(url).pathname.slice(new URL(prefix).pathname.length));
        const file = path.resolve(folder, relative);
        if (file.startsWith(folder + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile()) {
          const data = fs.readFileSync(file);
          return { buffer: async () => data };
        }
      }
      if (prefix || new URL(url).host === 'github.com') {
        throw new Error(`NotFoundError: could not read ${url}, 404 Not Found`);
      }
      if (!/^https?:$/.test(new URL(url).protocol)) {
        throw new Error(`Reading from '${url}' is not allowed: no reader for this URL`);
      }
      if (dummyText) return { buffer: async () => Buffer.from(`(content of ${url})`) };
      throw new Error(`${OFFLINE} ${url}`);
    },
  };
}

async function substitute(document, folder, file, dummyText) {
  const processor = new placeholderModule.PlaceholderProcessor({
    resolvers: {
      json: placeholderModule.jsonPlaceholderResolver,
      yaml: placeholderModule.yamlPlaceholderResolver,
      text: placeholderModule.textPlaceholderResolver,
    },
    reader: folderReader(folder, dummyText),
    integrations,
  });
  const location = { type: 'url', target: REPOSITORY + encodeURI(file) };
  return processor.preProcessEntity(document, location, () => {});
}

function placeholdersIn(value, found) {
  if (Array.isArray(value)) value.forEach((item) => placeholdersIn(item, found));
  if (!isPlainObject(value)) return found;
  const keys = Object.keys(value);
  if (keys.length === 1 && ['$text', '$json', '$yaml'].includes(keys[0])) {
    found.push([keys[0], value[keys[0]]]);
  } else if (!keys.some((key) => key.startsWith('$'))) {
    keys.forEach((key) => placeholdersIn(value[key], found));
  }
  return found;
}

async function judgeWithPlaceholders(document, folder, file) {
  const kind = typeof document.kind === 'string' ? document.kind : null;
  const apiVersion = typeof document.apiVersion === 'string' ? document.apiVersion : null;
  const placeholders = [...new Set(placeholdersIn(document, []).map(([key]) => key))].sort();
  const invalid = (stage, error) =>
    ({ valid: false, kind, apiVersion, stage, kindChecked: false, error, placeholders });
  try {
    model.entityEnvelopeSchemaValidator()(document);
  } catch (error) {
    return invalid('envelope', oneLine(error));
  }
  const annotations = document.metadata.annotations || {};
  if (typeof annotations !== 'object' || Array.isArray(annotations)) {
    return invalid('envelope', 'metadata.annotations must be a valid object');
  }
  const written = 'annotations' in document.metadata;
  const added = { [model.ANNOTATION_LOCATION]: `url:${REPOSITORY}${file}`,
    [model.ANNOTATION_ORIGIN_LOCATION]: `url:${REPOSITORY}${file}` };
  const entity = { ...document, metadata: { ...document.metadata, annotations: { ...annotations, ...added } } };
  let processed;
  let unresolved = false;
  try {
    processed = await substitute(entity, folder, file, false);
  } catch (error) {
    if (!oneLine(error).includes(OFFLINE)) return invalid('placeholder', oneLine(error));
    const offline = placeholdersIn(document, []).filter(([, value]) => typeof value === 'string' && /^https?:/i.test(value));
    unresolved = offline.some(([key]) => key !== '$text');
    try {
      processed = await substitute(entity, folder, file, true);
    } catch (again) {
      return invalid('placeholder', oneLine(again));
    }
  }
  const restored = { ...processed, metadata: { ...processed.metadata } };
  const kept = { ...restored.metadata.annotations };
  for (const key of ADDED_ANNOTATIONS) delete kept[key];
  if (written || Object.keys(kept).length) restored.metadata.annotations = kept;
  else delete restored.metadata.annotations;
  const verdict = await judgeEntity(restored);
  verdict.placeholders = placeholders;
  if (unresolved) verdict.unresolvedPlaceholders = true;
  return verdict;
}

async function judgeDocument(document, folder, file) {
  if (hasDollarKey(document)) return judgeWithPlaceholders(document, folder, file);
  return judgeEntity(document);
}

async function judgeChunk(key, text, folder, file) {
  let document;
  try {
    document = yaml.load(text, { schema: yaml.CORE_SCHEMA, filename: key });
  } catch (error) {
    const verdict = { valid: false, kind: null, apiVersion: null, stage: 'parse', kindChecked: false };
    return { ...verdict, error: `YAML parse error: ${oneLine(error)}` };
  }
  if (document === null || document === undefined) return null; // empty: not judged
  if (!isPlainObject(document)) {
    return {
      valid: false, kind: null, apiVersion: null, stage: 'root', kindChecked: false,
      error: `Expected object at root, got ${jsonType(document)}`,
    };
  }
  return judgeDocument(document, folder, file);
}

async function entities(folder, out) {
  const files = fs.readdirSync(folder).filter((name) => /\.ya?ml$/.test(name)).sort();
  const verdicts = {};
  for (const file of files) {
    const chunks = documentChunks(fs.readFileSync(path.join(folder, file), 'utf8'));
    for (const [index, chunk] of chunks.entries()) {
      if (chunk.empty) continue;
      const key = `${file}#${index}`;
      const verdict = await judgeChunk(key, chunk.text, folder, file);
      if (verdict) verdicts[key] = verdict;
    }
  }
  writeJson(out, verdicts);
  const valid = Object.values(verdicts).filter((verdict) => verdict.valid).length;
  const total = Object.keys(verdicts).length;
  console.log(`${total} documents in ${files.length} files: ${valid} valid, ${total - valid} rejected`);
}

async function validateTree(folder) {
  const counts = { files: 0, documents: 0, valid: 0, rejected: 0 };
  const walk = async (current) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        await walk(full);
      } else if (entry.name === 'catalog-info.yaml') {
        counts.files += 1;
        for (const [index, chunk] of documentChunks(fs.readFileSync(full, 'utf8')).entries()) {
          if (chunk.empty) continue;
          const verdict = await judgeChunk(`${full}#${index}`, chunk.text);
          if (!verdict) continue;
          counts.documents += 1;
          counts[verdict.valid ? 'valid' : 'rejected'] += 1;
        }
      }
    }
  };
  await walk(folder);
  console.log(JSON.stringify(counts));
}

// -- field checks and references -----------------------------------------------------

const validators = model.makeValidator();
const common = model.CommonValidatorFunctions;
const checkFunctions = {
  isValidApiVersion: validators.isValidApiVersion,
  isValidKind: validators.isValidKind,
  isValidEntityName: validators.isValidEntityName,
  isValidNamespace: validators.isValidNamespace,
  isValidLabelKey: validators.isValidLabelKey,
  isValidLabelValue: validators.isValidLabelValue,
  isValidAnnotationKey: validators.isValidAnnotationKey,
  isValidTag: validators.isValidTag,
  isValidDnsLabel: (value) => common.isValidDnsLabel(value),
  isValidDnsSubdomain: (value) => common.isValidDnsSubdomain(value),
  isValidUrl: (value) => common.isValidUrl(value),
  isNonEmptyString: (value) => common.isNonEmptyString(value),
};

function parseReference({ ref, defaultKind, defaultNamespace }) {
  const context = { defaultKind: defaultKind ?? undefined, defaultNamespace: defaultNamespace ?? undefined };
  try {
    return { ...model.parseEntityRef(ref, context) };
  } catch (error) {
    return { error: oneLine(error) };
  }
}

function checks(casesFile, out) {
  const cases = JSON.parse(fs.readFileSync(casesFile, 'utf8'));
  const result = {
    about: 'Verdicts of @backstage/catalog-model field checks and parseEntityRef on the cases of ' +
      `${path.basename(casesFile)}; written by benchmarks/backstage-oracle/oracle.mjs`,
    packages: packageVersions(),
    checks: {},
    refs: [],
  };
  let count = 0;
  for (const [name, values] of Object.entries(cases.checks)) {
    const check = checkFunctions[name];
    if (!check) throw new Error(`${casesFile}: no check named ${name}`);
    result.checks[name] = values.map((value) => [value, check(value) === true]);
    count += values.length;
  }
  for (const reference of cases.refs) {
    result.refs.push({ ...reference, result: parseReference(reference) });
  }
  fs.writeFileSync(out, tableJson(result));
  console.log(`${count} values in ${Object.keys(result.checks).length} checks, ${result.refs.length} references`);
}

// -- common ----------------------------------------------------------------------------

function packageVersions() {
  const version = (name) => require(`${name}/package.json`).version;
  return { '@backstage/catalog-model': version('@backstage/catalog-model'), 'js-yaml': version('js-yaml') };
}

/** JSON with one line per [value, verdict] pair and per reference: easy to review. */
function tableJson(result) {
  const rows = (items) => items.map((item) => `    ${JSON.stringify(item)}`).join(',\n');
  const checkBlocks = Object.entries(result.checks)
    .map(([name, pairs]) => `    ${JSON.stringify(name)}: [\n${rows(pairs).replace(/^ {4}/gm, '      ')}\n    ]`);
  return [
    '{',
    `  "about": ${JSON.stringify(result.about)},`,
    `  "packages": ${JSON.stringify(result.packages)},`,
    `  "checks": {\n${checkBlocks.join(',\n')}\n  },`,
    `  "refs": [\n${rows(result.refs)}\n  ]`,
    '}',
    '',
  ].join('\n');
}

function writeJson(file, data) {
  fs.writeFileSync(file, JSON.stringify(data, null, 2) + '\n');
}

const usage = 'usage: node oracle.mjs entities DIR OUT.json | node oracle.mjs checks CASES.json OUT.json' +
  ' | node oracle.mjs validate DIR';
const [command, input, output] = process.argv.slice(2);
if (!input || (!output && command !== 'validate') || !['entities', 'checks', 'validate'].includes(command)) {
  console.error(usage);
  process.exit(2);
}
if (command === 'validate') {
  await validateTree(path.resolve(input));
} else if (command === 'entities') {
  await entities(path.resolve(input), path.resolve(output));
} else {
  checks(path.resolve(input), path.resolve(output));
}
