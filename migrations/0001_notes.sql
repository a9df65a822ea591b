-- The reference app's notes (POST/GET/DELETE /notes). AUTOINCREMENT: a deleted note's id
-- is never given to another one, so a deleted note stays 404.
CREATE TABLE notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL,
    body TEXT NOT NULL
);
