/** What applying one declared item did; the features' appliers name it by its string. */
export type ApplyAction = 'created' | 'updated' | 'unchanged';

/** Reports one applied item (its kind, workspace slug and name) to the apply result. */
export type ApplyNote = (kind: string, workspace: string, name: string, action: ApplyAction) => void;
