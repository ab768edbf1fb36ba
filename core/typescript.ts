// TypeScript nodes that hold values. Both engines name TypeScript nodes with a
// prefix (`TSAsExpression` in Babel, `TsAsExpression` in SWC) and otherwise
// alike; every TypeScript node not listed here is a type and binds or reads nothing.
const VALUE_NODES = new Set([
  'AsExpression', 'SatisfiesExpression', 'NonNullExpression', 'TypeAssertion', 'ConstAssertion', 'Instantiation', 'InstantiationExpression',
  'EnumDeclaration', 'EnumMember', 'EnumBody', 'ModuleDeclaration', 'NamespaceDeclaration', 'ModuleBlock',
  'ImportEqualsDeclaration', 'ExternalModuleReference', 'ExportAssignment', 'ParameterProperty', 'DeclareMethod',
]);

/** Is an AST node type a TypeScript type (skipped by both adapters' walks)? Non-TypeScript types are not. */
export function isTypeOnlyNode(type: string): boolean {
  if (!(type.startsWith('TS') || type.startsWith('Ts'))) return false;
  return !VALUE_NODES.has(type.slice(2));
}
