import type * as Acorn from "acorn";
import type { Expression, Node, Pattern, Property, SpreadElement } from "acorn";
import { lazy } from "../common/lazy.js";
import type { FrontmatterProblem, LoadedFrontmatter } from "./frontmatter.js";
import type { Checked } from "../common/result.js";

/**
 * Eleventy's `---js` frontmatter, read without running it: acorn parses the text, and only
 * declarations of plain values are taken (`const title = "Hello"; let draft = true;`), or one
 * object literal (`{ title: "Hello" }`). Values are strings, numbers, booleans, null, template
 * literals without `${}`, and arrays and objects of those. Anything that would compute (a call,
 * a variable, an operator, a function, an import) is refused with its place and the reason:
 * gray-matter's own engine for this language evaluates the text, which a post must never make
 * a build do.
 */
const acorn = lazy<typeof Acorn>("acorn");

export function readStaticJs(text: string): Checked<LoadedFrontmatter, FrontmatterProblem[]> {
  const positions = new Map<string, { key: Position; value: Position }>();
  const problems: FrontmatterProblem[] = [];
  const lines = lineStarts(text);
  const at = (offset: number): Position => positionAt(lines, offset);
  const refuse = (node: Node, why: string) => {
    problems.push({ message: `(---js) ${why}; only declarations of plain values are read (e.g. const draft = true;), nothing in it runs`, ...at(node.start) });
  };

  const valueOf = (node: Expression | SpreadElement | Pattern | null, path: string[]): unknown => {
    if (node === null) return undefined;
    switch (node.type) {
      case "Literal":
        if (node.regex || node.bigint !== undefined) return refuse(node, "has a regular expression or BigInt, which is not a plain value");
        return node.value;
      case "TemplateLiteral":
        if (node.expressions.length > 0) return refuse(node.expressions[0]!, "has a template literal with ${…}, which computes its text");
        return node.quasis[0]!.value.cooked;
      case "UnaryExpression":
        if ((node.operator === "-" || node.operator === "+") && node.argument.type === "Literal" && typeof node.argument.value === "number") {
          return node.operator === "-" ? -node.argument.value : node.argument.value;
        }
        return refuse(node, `computes a value with '${node.operator}'`);
      case "ArrayExpression":
        return node.elements.map((element, index) => {
          if (element === null) return refuse(node, "has a hole in a list ([a, , b])");
          if (element.type === "SpreadElement") return refuse(element, "spreads a value (...) into a list");
          return valueOf(element, [...path, String(index)]);
        });
      case "ObjectExpression": {
        const object: Record<string, unknown> = {};
        for (const property of node.properties) {
          if (property.type === "SpreadElement") {
            refuse(property, "spreads a value (...) into an object");
            continue;
          }
          const key = keyOf(property);
          if (key === undefined) {
            refuse(property, "has a computed or method property, which runs code");
            continue;
          }
          if (key === "__proto__") {
            refuse(property, "sets __proto__");
            continue;
          }
          positions.set(JSON.stringify([...path, key]), { key: at(property.key.start), value: at(property.value.start) });
          object[key] = valueOf(property.value as Expression, [...path, key]);
        }
        return object;
      }
      case "Identifier":
        if (node.name === "undefined") return undefined;
        return refuse(node, `refers to '${node.name}', which only running the code could know`);
      case "CallExpression":
      case "NewExpression":
        return refuse(node, "calls a function");
      case "SequenceExpression": {
        // `(a(), "b")`: the reason of the first part that computes is the useful one.
        const before = problems.length;
        node.expressions.forEach((part) => valueOf(part, path));
        return problems.length > before ? undefined : refuse(node, "has a comma expression");
      }
      case "FunctionExpression":
      case "ArrowFunctionExpression":
        return refuse(node, "has a function");
      default:
        return refuse(node, `has an expression (${describe(node.type)}) that computes its value`);
    }
  };

  const data: Record<string, unknown> = {};
  const trimmed = text.trimStart();
  try {
    if (trimmed.startsWith("{")) {
      // One object literal, as Eleventy's older documentation writes it.
      const offset = text.length - trimmed.length;
      const expression = acorn().parseExpressionAt(text, offset, { ecmaVersion: "latest", locations: false });
      const rest = text.slice(expression.end).trim().replace(/^;/, "").trim();
      if (rest !== "") {
        problems.push({ message: "(---js) has more after its object literal; write either one { … } object or declarations such as const title = \"…\";", ...at(text.indexOf(rest, expression.end)) });
      } else if (expression.type !== "ObjectExpression") {
        refuse(expression, "is not an object literal");
      } else {
        Object.assign(data, valueOf(expression, []));
      }
    } else {
      const program = acorn().parse(text, { ecmaVersion: "latest", sourceType: "module", locations: false });
      for (const statement of program.body) {
        if (statement.type !== "VariableDeclaration") {
          refuse(statement, statementReason(statement.type));
          continue;
        }
        for (const declarator of statement.declarations) {
          if (declarator.id.type !== "Identifier") {
            refuse(declarator.id, "destructures a value");
            continue;
          }
          const name = declarator.id.name;
          positions.set(JSON.stringify([name]), { key: at(declarator.id.start), value: at((declarator.init ?? declarator.id).start) });
          const value = declarator.init ? valueOf(declarator.init, [name]) : undefined;
          if (name === "__proto__") refuse(declarator.id, "sets __proto__");
          else data[name] = value;
        }
      }
    }
  } catch (cause) {
    const syntax = cause as SyntaxError & { pos?: number };
    const reason = syntax.message.replace(/\s*\(\d+:\d+\)$/, "");
    return { ok: false, why: [{ message: `(---js) is not valid JavaScript: ${reason}`, ...(syntax.pos === undefined ? {} : at(syntax.pos)) }] };
  }
  if (problems.length > 0) return { ok: false, why: problems };
  return {
    ok: true,
    value: {
      value: data,
      locate(path, where = "key") {
        for (let n = path.length; n > 0; n--) {
          const found = positions.get(JSON.stringify(path.slice(0, n).map(String)));
          if (found) return n === path.length ? found[where] : found.key;
        }
        return undefined;
      },
    },
  };
}

interface Position {
  line: number;
  column: number;
}

function keyOf(property: Property): string | undefined {
  if (property.computed || property.method || property.kind !== "init") return undefined;
  if (property.key.type === "Identifier") return property.key.name;
  if (property.key.type === "Literal" && (typeof property.key.value === "string" || typeof property.key.value === "number")) return String(property.key.value);
  return undefined;
}

function statementReason(type: string): string {
  if (type === "ImportDeclaration") return "imports a module";
  if (type.startsWith("Export")) return "exports from a module";
  if (type === "FunctionDeclaration" || type === "ClassDeclaration") return "declares a function or class";
  if (type === "ExpressionStatement") return "has a statement that runs (not a declaration)";
  return `has a ${describe(type)}, not a declaration`;
}

/** `BinaryExpression` → `binary expression`. */
function describe(type: string): string {
  return type.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) starts.push(at + 1);
  return starts;
}

function positionAt(starts: readonly number[], offset: number): Position {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - starts[low]! + 1 };
}

export { lineStarts, positionAt };
