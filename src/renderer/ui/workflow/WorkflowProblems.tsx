import { useWorkflowSetup } from './WorkflowProvider';

/**
 * For an administrator: every configuration file that was refused, by file and JSON path.
 * The console runs on the files that loaded; these are the ones left out.
 */
export function WorkflowProblems() {
  const { load, reload } = useWorkflowSetup();
  const problems = load?.ok ? load.setup.problems : [];
  return (
    <section className="workflow-problems" aria-labelledby="wf-problems-title">
      <div className="screen-head">
        <h1 id="wf-problems-title">Workflow configuration problems</h1>
        <button type="button" onClick={reload}>
          Load again
        </button>
      </div>
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
    </section>
  );
}
