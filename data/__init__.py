"""Reference data shipped in the wheel (package `wizard.data`); read it through `wizard.model.data`."""
