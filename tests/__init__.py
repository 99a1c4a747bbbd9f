"""The course's tests; they mirror the packages (helpers/, grader/) and the lessons."""
