define(`ENDPOINT_NAME', `Speakers')
undefine(`ENDPOINT_NAME')
undefine(`A', `B')
