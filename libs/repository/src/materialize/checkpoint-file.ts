import { FileCheckpoint } from '@mbd/events';
import { join } from 'node:path';

/** The reactor's checkpoint beside the trees: the global position of the last event applied to them. */
export const checkpointPath = (root: string): string => join(root, '.mbd-checkpoint');

/** The checkpoint of the trees under `root` (the one durable checkpoint writer, FileCheckpoint). */
export const treesCheckpoint = (root: string): FileCheckpoint => new FileCheckpoint(checkpointPath(root));
