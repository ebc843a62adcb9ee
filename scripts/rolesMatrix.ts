import { readFileSync, writeFileSync } from 'node:fs';
import { RolesConfig } from '../src/shared/policy/rolesConfig';
import { rolesMatrixMarkdown } from '../src/shared/policy/rolesMatrix';
import { replaceRolesMatrix } from '../src/shared/policy/rolesMatrixSection';

// Rewrites the README's roles × rights matrix from resources/roles.json (npm run roles:matrix).
const roles = RolesConfig.parse(JSON.parse(readFileSync('resources/roles.json', 'utf8')));
writeFileSync('README.md', replaceRolesMatrix(readFileSync('README.md', 'utf8'), rolesMatrixMarkdown(roles)));
