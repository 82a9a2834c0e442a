module github.com/paychoreo/choreography

go 1.26
