// Validates Kubernetes objects offline against the official OpenAPI schemas bundled in the npm
// package kubernetes-models: usage `node validate-kubernetes.js <node_modules> <objects.json>`.
// validate() checks types, enums, formats and required fields; the schemas allow unknown fields,
// so each object is also walked against the package's type declarations (.d.ts), where a field
// name the API does not have (a typo, a field of another version) is reported too.
// Prints one line per object; exits 1 when any object is invalid.
'use strict';
const fs = require('fs');
const path = require('path');

const [modules, objectsFile] = process.argv.slice(2);
const models = path.join(modules, 'kubernetes-models');
const KINDS = {
  'apps/v1 Deployment': ['apps/v1/Deployment', 'Deployment'],
  'v1 Service': ['v1/Service', 'Service'],
  'policy/v1 PodDisruptionBudget': ['policy/v1/PodDisruptionBudget', 'PodDisruptionBudget'],
};

const declarations = new Map();
function declaration(file) {
  if (!declarations.has(file)) {
    const text = fs.readFileSync(file, 'utf8');
    const imports = {};
    for (const m of text.matchAll(/import \{ (\w+) \} from "(\.[^"]+)"/g)) {
      imports[m[1]] = path.resolve(path.dirname(file), m[2] + '.d.ts');
    }
    const body = text.match(/export interface \w+( extends TypeMeta)? \{([\s\S]*?)\n\}/);
    let fields = null;
    if (body) {
      fields = {};
      if (body[1]) {
        fields.apiVersion = 'string';
        fields.kind = 'string';
      }
      // one field a line at four spaces; a map's type ("{ [key: string]: ... }") runs over several lines
      for (const m of body[2].matchAll(/^ {4}"([^"]+)"\??: (.*?);?$/gm)) {
        fields[m[1]] = m[2];
      }
    }
    declarations.set(file, { imports, fields });
  }
  return declarations.get(file);
}

function unknownFields(value, file, where, found) {
  const { imports, fields } = declaration(file);
  if (fields === null || value === null || typeof value !== 'object') {
    return found; // a type alias (IntOrString, Quantity) or a plain value
  }
  for (const [key, child] of Object.entries(value)) {
    const type = fields[key];
    if (type === undefined) {
      found.push(`${where}/${key}: no such field`);
      continue;
    }
    const element = type.match(/^Array<(\w+)>$/);
    const named = element ? element[1] : type;
    if (imports[named]) {
      const items = element ? child : [child];
      items.forEach((item, i) => unknownFields(item, imports[named], element ? `${where}/${key}/${i}` : `${where}/${key}`, found));
    }
  }
  return found;
}

let failed = false;
for (const object of JSON.parse(fs.readFileSync(objectsFile, 'utf8'))) {
  const id = `${object.apiVersion} ${object.kind}`;
  const name = `${id} ${object.metadata && object.metadata.name}`;
  const kind = KINDS[id];
  if (!kind) {
    console.log(`INVALID ${name}: not a kind this check knows`);
    failed = true;
    continue;
  }
  const model = require(path.join(models, kind[0]))[kind[1]];
  const problems = unknownFields(object, path.join(models, kind[0] + '.d.ts'), '', []);
  try {
    new model(object).validate();
  } catch (e) {
    problems.push(e.message);
  }
  if (problems.length > 0) {
    console.log(`INVALID ${name}: ${problems.join('; ')}`);
    failed = true;
  } else {
    console.log(`valid ${name}`);
  }
}
process.exit(failed ? 1 : 0);
