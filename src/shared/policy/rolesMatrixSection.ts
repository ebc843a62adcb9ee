/** Where the README keeps the generated roles × rights matrix. */
export const ROLES_MATRIX_START = '<!-- roles-matrix:start (generated from resources/roles.json: npm run roles:matrix) -->';
export const ROLES_MATRIX_END = '<!-- roles-matrix:end -->';

/** The matrix as it stands in a README, or null when the markers are missing. */
export function readRolesMatrix(readme: string): string | null {
  const start = readme.indexOf(ROLES_MATRIX_START);
  const end = readme.indexOf(ROLES_MATRIX_END);
  if (start < 0 || end < start) return null;
  return readme.slice(start + ROLES_MATRIX_START.length, end).trim();
}

export function replaceRolesMatrix(readme: string, matrix: string): string {
  const start = readme.indexOf(ROLES_MATRIX_START);
  const end = readme.indexOf(ROLES_MATRIX_END);
  if (start < 0 || end < start) throw new Error(`the README has no ${ROLES_MATRIX_START} … ${ROLES_MATRIX_END} section`);
  return `${readme.slice(0, start + ROLES_MATRIX_START.length)}\n${matrix}\n${readme.slice(end)}`;
}
