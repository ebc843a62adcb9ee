import { useWorkflowSetup } from './WorkflowProvider';
import { Screen } from '../Screen';

/**
 * For an administrator: every configuration file that was refused, by file and JSON path.
 * The console runs on the files that loaded; these are the ones left out.
 */
export function WorkflowProblems() {
  const { load, reload } = useWorkflowSetup();
  const problems = load?.ok ? load.setup.problems : [];
  return (
    <Screen
      className="workflow-problems"
      titleId="wf-problems-title"
      title="Workflow configuration problems"
      actions={
        <button type="button" onClick={reload}>
          Load again
        </button>
      }
    >
      {!load ? (
        <p role="status">Loading…</p>
      ) : !load.ok ? (
        <p className="alert" role="alert">
          {load.error.message}
        </p>
      ) : problems.length === 0 ? (
        <p className="muted">Every workflow and configuration file loaded.</p>
      ) : (
        <>
          <p>These files were refused and are not in use; everything else runs. Fix them in the resources folder and load again.</p>
          <table className="problems-table">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Where</th>
                <th scope="col">Problem</th>
              </tr>
            </thead>
            <tbody>
              {problems.map((problem, index) => (
                <tr key={`${problem.file}-${problem.path}-${index}`}>
                  <td className="mono">{problem.file}</td>
                  <td className="mono">{problem.path}</td>
                  <td>{problem.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Screen>
  );
}
