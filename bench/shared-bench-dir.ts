import { fileURLToPath } from 'node:url';

/** ../shared/bench beside this project: the shared workloads (data/) and the C and numpy peers. */
export const SHARED_BENCH_DIR = fileURLToPath(new URL('../../shared/bench', import.meta.url));
