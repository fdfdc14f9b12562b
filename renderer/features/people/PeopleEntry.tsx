// The sidebar's way to the People view: everyone who can reach a collection of any account.

import { useStore } from '../../store';
import './people.css';

export function PeopleEntry() {
  const current = useStore((s) => s.view === 'people');
  const showView = useStore((s) => s.showView);
  return (
    <div className="sidebar-people">
      <button
        type="button"
        className="nav-item"
        aria-current={current ? 'page' : undefined}
        onClick={() => {
          showView('people');
        }}
      >
        <span className="people-entry">
          <strong>People</strong>
          <span>In every account</span>
        </span>
      </button>
    </div>
  );
}
