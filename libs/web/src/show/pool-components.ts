import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { dscPoolPathOf } from './pool-path.js';

/**
 * Finds the component whose pool holds a source version's .dsc in a published tree
 * (`<root>/<repository>/pool/<component>/…`): reprepro files a source under a component by its
 * section, so the tree, not a guess, says where it is. Null when no component of the list has it.
 */
export async function componentInPool(root: string, repository: string, source: string, version: string, components: readonly string[]): Promise<string | null> {
  for (const component of components) {
    const found = await access(join(root, repository, dscPoolPathOf(component, source, version))).then(
      () => true,
      () => false,
    );
    if (found) return component;
  }
  return null;
}
