import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';

/**
 * How deeply selections may nest (a field's selection set, an inline fragment and a fragment
 * spread each count one). The API's own types nest a few levels; the standard introspection
 * query (console, codegen) reaches 16 through `ofType`. Without a limit a query could nest
 * `ofType` thousands deep.
 */
export const MAX_QUERY_DEPTH = 20;
/** How many selections one operation may make, counted through fragments: aliases multiply work. */
export const MAX_QUERY_SELECTIONS = 1000;

/**
 * A validation rule refusing operations whose selections (fields, inline fragments and
 * fragment spreads alike) nest deeper than `MAX_QUERY_DEPTH`, or that make more than
 * `MAX_QUERY_SELECTIONS` selections with fragments expanded, before anything is resolved.
 * Apollo answers its errors with 400 GRAPHQL_VALIDATION_FAILED (public code BAD_USER_INPUT).
 * The walk stops at the first limit passed, so its cost and recursion are bounded whatever
 * the document.
 */
export function queryLimitsRule(context: ValidationContext): ASTVisitor {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of context.getDocument().definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return {
    OperationDefinition(operation) {
      let selections = 0;
      let refused: string | null = null;
      const walk = (set: SelectionSetNode, depth: number, spreads: ReadonlySet<string>): void => {
        if (depth > MAX_QUERY_DEPTH) {
          refused = `The operation nests selections deeper than the depth limit of ${MAX_QUERY_DEPTH}.`;
          return;
        }
        for (const selection of set.selections) {
          if (refused) return;
          if (++selections > MAX_QUERY_SELECTIONS) {
            refused = `The operation makes more than ${MAX_QUERY_SELECTIONS} selections.`;
            return;
          }
          if (selection.kind === Kind.FRAGMENT_SPREAD) {
            const name = selection.name.value;
            const fragment = fragments.get(name);
            // A cycle is reported by NoFragmentCyclesRule; here it only must not loop.
            if (fragment && !spreads.has(name))
              walk(fragment.selectionSet, depth + 1, new Set(spreads).add(name));
          } else if (selection.selectionSet) walk(selection.selectionSet, depth + 1, spreads);
        }
      };
      walk(operation.selectionSet, 0, new Set());
      if (refused) context.reportError(new GraphQLError(refused, { nodes: [operation] }));
      return false;
    },
  };
}

/**
 * A validation rule refusing operations of a kind the schema has no root type for (there
 * are no subscriptions): graphql-js would otherwise fail them at execution, without a code.
 */
export function supportedOperationsRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(operation) {
      if (!context.getSchema().getRootType(operation.operation)) {
        context.reportError(
          new GraphQLError(`This API has no ${operation.operation} operations.`, { nodes: [operation] }),
        );
      }
      return false;
    },
  };
}
