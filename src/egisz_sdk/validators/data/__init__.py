"""Classifier tables shipped with the validators (ОКФС, ОКОПФ) as JSON package data."""
