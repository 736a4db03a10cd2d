"""The office's Word documents (docxtpl templates the office may replace) and the settings they print.

``kinds`` lists the documents with a sample context each; ``contexts`` builds each document's context from the
models (one function per document, so a step that records more extends that one function); ``services`` renders,
checks and replaces templates; ``build`` writes the default templates under ``templates/``
(``manage.py build_document_templates``). tenure builds the certificate's context (``tenure.documents``): it sits
above competition.
"""
