"""One job at /jobs/<id>: the job, the client's history, owner actions and the quote form."""
